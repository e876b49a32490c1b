"""Row-level security on PostgreSQL: every tenant table sees only the transaction's tenant.

The repositories already filter by ``tenant_id``; the policy is the second wall, so a query that
forgets the filter (or a session that forgot to bind a tenant) returns nothing instead of every
tenant's rows. :meth:`shared.persistence.db.ServiceDatabase.open_session` binds ``app.tenant_id`` with
``SET LOCAL`` semantics at every transaction begin.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import MetaData

#: The policy every tenant table gets; one name, so checks and downgrades can find it.
POLICY_NAME = "tenant_isolation"

#: The session setting that carries the tenant of the current transaction.
TENANT_SETTING = "app.tenant_id"

# NULLIF: once a SET LOCAL has ended, the setting still exists in that connection with the
# value '' (not NULL); comparing against NULL makes the predicate false for every row, including
# a row whose tenant_id were ''. ``missing_ok`` (the ``true``) turns "never set" into NULL
# instead of an error, so a session without a tenant sees no rows rather than failing.
TENANT_PREDICATE = f"tenant_id = NULLIF(current_setting('{TENANT_SETTING}', true), '')"


def tenant_tables(metadata: MetaData) -> list[str]:
    """Names of the tables in ``metadata`` that carry a ``tenant_id`` column, sorted."""
    return sorted(table.name for table in metadata.tables.values() if "tenant_id" in table.columns)


def _quote(op: Any, name: str) -> str:
    return str(op.get_bind().dialect.identifier_preparer.quote(name))


def enable_row_level_security(op: Any, table_names: Iterable[str]) -> None:
    """In a migration: ENABLE and FORCE row-level security with the tenant policy on each table.

    A no-op on SQLite (embedded mode has one tenant database per process and no roles). FORCE
    makes the policy apply to the tables' owner too, so even the migration role cannot read
    across tenants by accident.
    """
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in table_names:
        table = _quote(op, name)
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        # DROP first so re-running a half-applied migration by hand does not fail on the name.
        op.execute(f"DROP POLICY IF EXISTS {POLICY_NAME} ON {table}")
        op.execute(f"CREATE POLICY {POLICY_NAME} ON {table} "
                   f"USING ({TENANT_PREDICATE}) WITH CHECK ({TENANT_PREDICATE})")


def disable_row_level_security(op: Any, table_names: Iterable[str]) -> None:
    """In a migration's downgrade: drop the tenant policy and turn row-level security off."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in table_names:
        table = _quote(op, name)
        op.execute(f"DROP POLICY IF EXISTS {POLICY_NAME} ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
