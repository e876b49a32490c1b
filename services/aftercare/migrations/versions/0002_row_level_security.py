"""row level security: ENABLE and FORCE the tenant policy on every tenant table

Revision ID: aftc0002rls
Revises: b0e339d5b2f8
"""
from alembic import op

from shared.persistence.rls import disable_row_level_security, enable_row_level_security

revision = "aftc0002rls"
down_revision = "b0e339d5b2f8"
branch_labels = None
depends_on = None

# Listed here, not read from the models: a migration is a snapshot, and a table added by a later
# revision does not exist yet when this one runs. A later revision that adds a tenant table calls
# enable_row_level_security for it; tests/integration/test_postgres_rls.py fails if one is missed.
TENANT_TABLES = [
    "complaints",
    "customer_archives",
    "idempotency_keys",
    "inbox",
    "outbox",
]


def upgrade() -> None:
    enable_row_level_security(op, TENANT_TABLES)


def downgrade() -> None:
    disable_row_level_security(op, TENANT_TABLES)
