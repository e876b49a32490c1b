"""statements as PDF beside the XLSX (F05, S04); crew members with photos on file and their
material draws (F08)

Revision ID: m11f0005pdf
Revises: mon0004money
"""
from alembic import op
import sqlalchemy as sa

from shared.persistence.rls import disable_row_level_security, enable_row_level_security

revision = "m11f0005pdf"
down_revision = "mon0004money"
branch_labels = None
depends_on = None


TABLES = ["crew_members", "material_draws"]


def upgrade() -> None:
    op.add_column("finance_statements", sa.Column("pdf_document_id", sa.String(length=36), nullable=True))
    op.create_table(
        "crew_members",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("store", sa.String(length=1), nullable=False),
        sa.Column("crew", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("photo_document_id", sa.String(length=36), nullable=True),
        sa.Column("registered_by", sa.String(length=128), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_crew_members_tenant_id", "crew_members", ["tenant_id"])
    op.create_table(
        "material_draws",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("store", sa.String(length=1), nullable=False),
        sa.Column("crew_member_id", sa.String(length=36), nullable=False),
        sa.Column("crew", sa.String(length=100), nullable=False),
        sa.Column("drawn_by", sa.String(length=100), nullable=False),
        sa.Column("photo_document_id", sa.String(length=36), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("contract_id", sa.String(length=36), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("paid_by", sa.String(length=128), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_material_draws_tenant_id", "material_draws", ["tenant_id"])
    op.create_index("ix_material_draws_crew_member_id", "material_draws", ["crew_member_id"])
    enable_row_level_security(op, TABLES)


def downgrade() -> None:
    disable_row_level_security(op, TABLES)
    op.drop_table("material_draws")
    op.drop_table("crew_members")
    op.drop_column("finance_statements", "pdf_document_id")
