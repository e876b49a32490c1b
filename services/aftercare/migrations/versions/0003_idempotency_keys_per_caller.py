"""idempotency keys per caller: add `caller` to the key of stored answers

Revision ID: aftc0003idem
Revises: aftc0002rls
"""
from alembic import op

from shared.persistence.platform_tables import scope_idempotency_keys_to_callers, unscope_idempotency_keys_from_callers

revision = "aftc0003idem"
down_revision = "aftc0002rls"
branch_labels = None
depends_on = None


def upgrade() -> None:
    scope_idempotency_keys_to_callers(op)


def downgrade() -> None:
    unscope_idempotency_keys_from_callers(op)
