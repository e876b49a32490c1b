"""idempotency keys per caller: add `caller` to the key of stored answers

Revision ID: fina0003idem
Revises: fina0002rls
"""
from alembic import op

from shared.persistence.platform_tables import scope_idempotency_keys_to_callers, unscope_idempotency_keys_from_callers

revision = "fina0003idem"
down_revision = "fina0002rls"
branch_labels = None
depends_on = None


def upgrade() -> None:
    scope_idempotency_keys_to_callers(op)


def downgrade() -> None:
    unscope_idempotency_keys_from_callers(op)
