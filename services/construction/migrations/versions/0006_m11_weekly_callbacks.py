"""weekly callbacks: one per project under construction and week (K18), and the tenants the
callbacks' timer sweeps

Revision ID: m11c0006callbacks
Revises: m11c0005settle
"""
from alembic import op
import sqlalchemy as sa

from shared.persistence.rls import disable_row_level_security, enable_row_level_security

revision = "m11c0006callbacks"
down_revision = "m11c0005settle"
branch_labels = None
depends_on = None

TABLES = ["construction_callbacks", "sweep_tenants"]


def upgrade() -> None:
    op.create_table(
        "construction_callbacks",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("contract_id", sa.String(length=36), nullable=False),
        sa.Column("store", sa.String(length=1), nullable=False),
        sa.Column("customer_name", sa.String(length=100), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("called_by", sa.String(length=128), nullable=True),
        sa.Column("called_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=1000), nullable=True),
        sa.Column("complaint", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "project_id", "week", name="uq_callback_week"),
    )
    op.create_index("ix_construction_callbacks_tenant_id", "construction_callbacks", ["tenant_id"])
    op.create_index("ix_construction_callbacks_project_id", "construction_callbacks", ["project_id"])
    op.create_index("ix_construction_callbacks_store", "construction_callbacks", ["store"])
    op.create_table(
        "sweep_tenants",
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id"),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    # The tenants that already have projects. FORCEd row-level security hides them from the owner
    # too, so it is lifted for this one statement, inside the migration's transaction.
    if postgres:
        op.execute("ALTER TABLE projects NO FORCE ROW LEVEL SECURITY")
    op.execute("INSERT INTO sweep_tenants (tenant_id, enrolled_at) "
               "SELECT tenant_id, min(created_at) FROM projects GROUP BY tenant_id")
    if postgres:
        op.execute("ALTER TABLE projects FORCE ROW LEVEL SECURITY")
    enable_row_level_security(op, TABLES)


def downgrade() -> None:
    disable_row_level_security(op, TABLES)
    op.drop_table("sweep_tenants")
    op.drop_table("construction_callbacks")
