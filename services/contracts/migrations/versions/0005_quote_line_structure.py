"""quote lines: what each item touches of the building, and the permit that allows it (C03, Q09)

Lines quoted before this touched nothing as far as anyone recorded: they read as ``none``.

Revision ID: cont0005structure
Revises: cont0004idem
"""
from alembic import op
import sqlalchemy as sa

revision = "cont0005structure"
down_revision = "cont0004idem"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quote_lines") as batch_op:
        batch_op.add_column(sa.Column("structure", sa.String(length=32), nullable=False, server_default="none"))
        batch_op.add_column(sa.Column("permit_document_id", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("quote_lines") as batch_op:
        batch_op.drop_column("permit_document_id")
        batch_op.drop_column("structure")
