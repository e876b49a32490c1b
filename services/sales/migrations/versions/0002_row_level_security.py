"""row level security: ENABLE and FORCE the tenant policy on every tenant table

Revision ID: sale0002rls
Revises: 51beecbd0d72
"""
from alembic import op

from shared.persistence.rls import disable_row_level_security, enable_row_level_security

revision = "sale0002rls"
down_revision = "51beecbd0d72"
branch_labels = None
depends_on = None

# Listed here, not read from the models: a migration is a snapshot, and a table added by a later
# revision does not exist yet when this one runs. A later revision that adds a tenant table calls
# enable_row_level_security for it; tests/integration/test_postgres_rls.py fails if one is missed.
TENANT_TABLES = [
    "designs",
    "estimates",
    "idempotency_keys",
    "inbox",
    "leads",
    "measurement_requests",
    "measurements",
    "outbox",
]


def upgrade() -> None:
    enable_row_level_security(op, TENANT_TABLES)


def downgrade() -> None:
    disable_row_level_security(op, TENANT_TABLES)
