"""statements as PDF beside the XLSX (F05, S04); crew members with photos on file and their
material draws (F08)

Revision ID: m11f0005pdf
Revises: mon0004money
"""
from alembic import op
import sqlalchemy as sa

revision = "m11f0005pdf"
down_revision = "mon0004money"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("finance_statements", sa.Column("pdf_document_id", sa.String(length=36), nullable=True))


def downgrade() -> None:
    op.drop_column("finance_statements", "pdf_document_id")
