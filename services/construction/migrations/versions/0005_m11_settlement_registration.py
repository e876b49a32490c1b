"""settlement registration: 《结算登记表》 on the project once every form is signed (F06)

Revision ID: m11c0005settle
Revises: cons0004forms
"""
from alembic import op
import sqlalchemy as sa

revision = "m11c0005settle"
down_revision = "cons0004forms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("projects") as batch_op:
        batch_op.add_column(sa.Column("settlement_registered_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("settlement_registered_by", sa.String(length=128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("projects") as batch_op:
        batch_op.drop_column("settlement_registered_by")
        batch_op.drop_column("settlement_registered_on")
