"""tenant settings: the newest settings snapshot the gateway's directory pushed (decision 0036)

Revision ID: fin0006settings
Revises: m11f0005pdf
"""
from alembic import op

from shared.tenant_settings import create_tenant_settings_table, drop_tenant_settings_table

revision = "fin0006settings"
down_revision = "m11f0005pdf"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_tenant_settings_table(op)


def downgrade() -> None:
    drop_tenant_settings_table(op)
