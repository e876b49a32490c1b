"""tenant settings: the newest settings snapshot the gateway's directory pushed (decision 0036); who pays a repair cost

Revision ID: aftc0006settings
Revises: mon0005care
"""
import sqlalchemy as sa
from alembic import op

from shared.tenant_settings import create_tenant_settings_table, drop_tenant_settings_table

revision = "aftc0006settings"
down_revision = "mon0005care"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_tenant_settings_table(op)
    with op.batch_alter_table("repair_costs") as batch:
        batch.add_column(sa.Column("charged_to", sa.String(length=32), nullable=True))
    # Costs approved before keep charged_to empty: their answer derives it as the rule stood then.


def downgrade() -> None:
    with op.batch_alter_table("repair_costs") as batch:
        batch.drop_column("charged_to")
    drop_tenant_settings_table(op)
