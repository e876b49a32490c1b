"""tenant settings: the newest settings snapshot the gateway's directory pushed (decision 0036)

Revision ID: cons0007settings
Revises: m11c0006callbacks
"""
from alembic import op

from shared.tenant_settings import create_tenant_settings_table, drop_tenant_settings_table

revision = "cons0007settings"
down_revision = "m11c0006callbacks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_tenant_settings_table(op)


def downgrade() -> None:
    drop_tenant_settings_table(op)
