"""weekly statistics: the statements S04 produced (XLSX and PDF documents), and the tenants the
weekly timer sweeps

Revision ID: m11r0002weekly
Revises: rept0001initial
"""
from alembic import op
import sqlalchemy as sa

from shared.persistence.rls import disable_row_level_security, enable_row_level_security

revision = "m11r0002weekly"
down_revision = "rept0001initial"
branch_labels = None
depends_on = None

TABLES = ["sweep_tenants", "reporting_statements", "reporting_documents"]


def upgrade() -> None:
    op.create_table(
        "sweep_tenants",
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id"),
    )
    op.create_table(
        "reporting_statements",
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("store", sa.String(length=8), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.Column("pdf_document_id", sa.String(length=36), nullable=False),
        sa.Column("produced_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "kind", "store", "period"),
    )
    op.create_table(
        "reporting_documents",
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("store", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    # The tenants that already have figures. FORCEd row-level security hides them from the owner
    # too, so it is lifted for this one statement, inside the migration's transaction.
    if postgres:
        op.execute("ALTER TABLE daily_figures NO FORCE ROW LEVEL SECURITY")
    op.execute("INSERT INTO sweep_tenants (tenant_id, enrolled_at) "
               "SELECT DISTINCT tenant_id, CURRENT_TIMESTAMP FROM daily_figures")
    if postgres:
        op.execute("ALTER TABLE daily_figures FORCE ROW LEVEL SECURITY")
    enable_row_level_security(op, TABLES)


def downgrade() -> None:
    disable_row_level_security(op, TABLES)
    for table in reversed(TABLES):
        op.drop_table(table)
