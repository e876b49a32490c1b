"""tenant settings: the newest settings snapshot the gateway's directory pushed (decision 0036)

Revision ID: cont0006settings
Revises: cont0005structure
"""
from alembic import op

from shared.tenant_settings import create_tenant_settings_table, drop_tenant_settings_table

revision = "cont0006settings"
down_revision = "cont0005structure"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_tenant_settings_table(op)


def downgrade() -> None:
    drop_tenant_settings_table(op)
