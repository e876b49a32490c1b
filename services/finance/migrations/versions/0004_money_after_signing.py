"""money after signing: the store-local day of a payment (F01, F05)

Revision ID: mon0004money
Revises: fina0003idem
"""
from alembic import op
import sqlalchemy as sa

revision = "mon0004money"
down_revision = "fina0003idem"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("payments", sa.Column("received_on", sa.Date(), nullable=True))
    op.create_index("ix_payments_received_on", "payments", ["received_on"])
    # Payments taken before this revision: their day in the default store time zone (UTC+8).
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE payments NO FORCE ROW LEVEL SECURITY")
        op.execute("UPDATE payments SET received_on = (received_at AT TIME ZONE 'Asia/Shanghai')::date")
        op.execute("ALTER TABLE payments FORCE ROW LEVEL SECURITY")
    else:
        op.execute("UPDATE payments SET received_on = date(received_at, '+8 hours')")


def downgrade() -> None:
    op.drop_index("ix_payments_received_on", "payments")
    op.drop_column("payments", "received_on")
