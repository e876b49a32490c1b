"""sweep tenants: the tenants with complaints, for the A06 timer (instead of reading the outbox)

Revision ID: aftc0004sweep
Revises: aftc0003idem
"""
from alembic import op
import sqlalchemy as sa

from shared.persistence.rls import disable_row_level_security, enable_row_level_security

revision = "aftc0004sweep"
down_revision = "aftc0003idem"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sweep_tenants",
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id"),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    # The tenants that already have complaints. On PostgreSQL FORCEd row-level security hides
    # them from the owner too, so it lifts FORCE for this one statement, inside the migration's
    # transaction (the owner, not the app role, and only here).
    if postgres:
        op.execute("ALTER TABLE complaints NO FORCE ROW LEVEL SECURITY")
    op.execute("INSERT INTO sweep_tenants (tenant_id, enrolled_at) "
               "SELECT tenant_id, min(received_at) FROM complaints GROUP BY tenant_id")
    if postgres:
        op.execute("ALTER TABLE complaints FORCE ROW LEVEL SECURITY")
    enable_row_level_security(op, ["sweep_tenants"])


def downgrade() -> None:
    disable_row_level_security(op, ["sweep_tenants"])
    op.drop_table("sweep_tenants")
