"""tenant settings: the newest settings snapshot the gateway's directory pushed (decision 0036)

Revision ID: rep0003settings
Revises: m11r0002weekly
"""
from alembic import op

from shared.tenant_settings import create_tenant_settings_table, drop_tenant_settings_table

revision = "rep0003settings"
down_revision = "m11r0002weekly"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_tenant_settings_table(op)


def downgrade() -> None:
    drop_tenant_settings_table(op)
