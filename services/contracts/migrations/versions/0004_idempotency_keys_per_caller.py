"""idempotency keys per caller: add `caller` to the key of stored answers

Revision ID: cont0004idem
Revises: cont0003docstore
"""
from alembic import op

from shared.persistence.platform_tables import scope_idempotency_keys_to_callers, unscope_idempotency_keys_from_callers

revision = "cont0004idem"
down_revision = "cont0003docstore"
branch_labels = None
depends_on = None


def upgrade() -> None:
    scope_idempotency_keys_to_callers(op)


def downgrade() -> None:
    unscope_idempotency_keys_from_callers(op)
