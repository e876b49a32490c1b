"""forms, inspections and gates: signed forms with their PDFs, QC inspections, rectification orders,
the tenant's standard version, and the project's contract total, final payment, showcase and keys

Revision ID: cons0004forms
Revises: cons0003idem
"""
from alembic import op
import sqlalchemy as sa

from shared.persistence.rls import disable_row_level_security, enable_row_level_security

revision = "cons0004forms"
down_revision = "cons0003idem"
branch_labels = None
depends_on = None

NEW_TENANT_TABLES = ["project_forms", "inspections", "rectification_orders", "standard_adoptions"]


def upgrade() -> None:
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contract_total", sa.Numeric(14, 2), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("final_paid_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("showcase_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("keys_handed_over_on", sa.Date(), nullable=True))
    op.create_table(
        "project_forms",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("form_type", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("supersedes", sa.String(length=36), nullable=True),
        sa.Column("superseded_by", sa.String(length=36), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("signatures", sa.JSON(), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("filed_by", sa.String(length=128), nullable=False),
        sa.Column("opens_gate", sa.Boolean(), nullable=False),
        sa.Column("removals", sa.Numeric(14, 2), nullable=False),
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "document_id", name="uq_project_form_document"),
    )
    with op.batch_alter_table("project_forms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_forms_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_forms_tenant_id"), ["tenant_id"], unique=False)
    op.create_table(
        "inspections",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("store", sa.String(length=1), nullable=False),
        sa.Column("trade", sa.String(length=32), nullable=False),
        sa.Column("standard_version", sa.String(length=16), nullable=False),
        sa.Column("results", sa.JSON(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("inspected_by", sa.String(length=128), nullable=False),
        sa.Column("inspected_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspections_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspections_tenant_id"), ["tenant_id"], unique=False)
    op.create_table(
        "rectification_orders",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("store", sa.String(length=1), nullable=False),
        sa.Column("inspection_id", sa.String(length=36), nullable=False),
        sa.Column("trade", sa.String(length=32), nullable=False),
        sa.Column("check_id", sa.String(length=32), nullable=False),
        sa.Column("clause", sa.String(length=16), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("penalty", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=128), nullable=True),
        sa.Column("closing_inspection_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspections.id"]),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rectification_orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rectification_orders_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rectification_orders_tenant_id"), ["tenant_id"], unique=False)
    op.create_table(
        "standard_adoptions",
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=16), nullable=False),
        sa.Column("adopted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("adopted_by", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id"),
    )
    enable_row_level_security(op, NEW_TENANT_TABLES)


def downgrade() -> None:
    disable_row_level_security(op, NEW_TENANT_TABLES)
    op.drop_table("standard_adoptions")
    for table in ("rectification_orders", "inspections", "project_forms"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_tenant_id"))
            batch_op.drop_index(batch_op.f(f"ix_{table}_project_id"))
        op.drop_table(table)
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_column("keys_handed_over_on")
        batch_op.drop_column("showcase_on")
        batch_op.drop_column("final_paid_on")
        batch_op.drop_column("contract_total")
