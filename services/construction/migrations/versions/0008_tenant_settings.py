"""tenant settings: the newest settings snapshot the gateway's directory pushed (decision 0036)

Revision ID: cons0008settings
Revises: i10c0007photos
"""
from alembic import op

from shared.tenant_settings import create_tenant_settings_table, drop_tenant_settings_table

revision = "cons0008settings"
down_revision = "i10c0007photos"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_tenant_settings_table(op)


def downgrade() -> None:
    drop_tenant_settings_table(op)
