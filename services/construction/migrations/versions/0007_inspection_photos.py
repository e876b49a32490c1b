"""inspection photos: the site photos of a QC inspection belong to the inspection

Until now the portal uploaded them against the contract only, and no inspection named them; those
documents stay readable where they were (the contract's documents), and the inspections recorded
before this read with no photos.

Revision ID: i10c0007photos
Revises: m11c0006callbacks
"""
from alembic import op
import sqlalchemy as sa

revision = "i10c0007photos"
down_revision = "m11c0006callbacks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inspections") as batch_op:
        batch_op.add_column(sa.Column("photos", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("inspections") as batch_op:
        batch_op.drop_column("photos")
