"""Tables every service database has: the outbox, the inbox and the idempotency record.

Kept in SQLAlchemy Core so each service adds them to its own metadata (and migrations).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Column, Integer, MetaData, PrimaryKeyConstraint, String, Table, Text, UniqueConstraint

from shared.persistence.db_types import UtcDateTime

#: Name of the idempotency table's primary key once it carries the caller (both dialects).
IDEMPOTENCY_PRIMARY_KEY = "pk_idempotency_keys"


@dataclass(frozen=True)
class PlatformTables:
    outbox: Table
    inbox: Table
    idempotency: Table


def add_platform_tables(metadata: MetaData) -> PlatformTables:
    """Declare the outbox, inbox and idempotency tables on a service's metadata."""
    outbox = Table(
        "outbox", metadata,
        Column("event_id", String(36), primary_key=True),
        Column("seq", Integer, nullable=False, index=True),
        Column("tenant_id", String(64), nullable=False, index=True),
        Column("source_service", String(32), nullable=False),
        Column("event_type", String(64), nullable=False),
        Column("payload", JSON, nullable=False),
        Column("created_at", UtcDateTime, nullable=False),
        Column("published_at", UtcDateTime, nullable=True, index=True),
        Column("attempts", Integer, nullable=False, default=0),
        Column("last_error", Text, nullable=True),
        Column("dead_at", UtcDateTime, nullable=True),
    )
    inbox = Table(
        "inbox", metadata,
        Column("handler", String(128), primary_key=True),
        Column("event_id", String(36), primary_key=True),
        Column("tenant_id", String(64), nullable=False),
        Column("handled_at", UtcDateTime, nullable=False),
    )
    # A key belongs to its caller (the user id) and the operation (api.md, Hardening): the caller
    # is part of the primary key, so another user's replay of the same key finds nothing.
    idempotency = Table(
        "idempotency_keys", metadata,
        Column("tenant_id", String(64), nullable=False),
        Column("caller", String(64), nullable=False),
        Column("operation", String(64), nullable=False),
        Column("key", String(200), nullable=False),
        Column("response", JSON, nullable=False),
        Column("created_at", UtcDateTime, nullable=False),
        PrimaryKeyConstraint("tenant_id", "caller", "operation", "key", name=IDEMPOTENCY_PRIMARY_KEY),
    )
    return PlatformTables(outbox=outbox, inbox=inbox, idempotency=idempotency)


def scope_idempotency_keys_to_callers(op: Any) -> None:
    """In a migration: add ``caller`` to the idempotency table's primary key (issue 6, item 2).

    Rows stored before have no caller; they get ``''``, which no user id equals, so such an
    answer is never returned again (to anyone) rather than returned to the wrong caller.
    PostgreSQL alters the table in place, so its grants and row-level security policy stay;
    SQLite (no policies, no grants) cannot change a primary key and gets a copy swapped in.
    """
    if op.get_bind().dialect.name == "postgresql":
        op.add_column("idempotency_keys", Column("caller", String(64), nullable=False, server_default=""))
        op.alter_column("idempotency_keys", "caller", server_default=None)
        # Looked up, not named: PostgreSQL folded 0001's identical primary key and unique
        # constraint into one (named uq_idempotency), which a fixed name would not find.
        keys = op.get_bind().exec_driver_sql(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'idempotency_keys'::regclass "
            "AND contype IN ('p', 'u')").scalars().all()
        for name in keys:
            op.execute(f'ALTER TABLE idempotency_keys DROP CONSTRAINT "{name}"')
        op.create_primary_key(IDEMPOTENCY_PRIMARY_KEY, "idempotency_keys",
                              ["tenant_id", "caller", "operation", "key"])
        return
    op.create_table(
        "idempotency_keys_v2",
        Column("tenant_id", String(64), nullable=False),
        Column("caller", String(64), nullable=False),
        Column("operation", String(64), nullable=False),
        Column("key", String(200), nullable=False),
        Column("response", JSON, nullable=False),
        Column("created_at", UtcDateTime, nullable=False),
        PrimaryKeyConstraint("tenant_id", "caller", "operation", "key", name=IDEMPOTENCY_PRIMARY_KEY),
    )
    op.execute('INSERT INTO idempotency_keys_v2 (tenant_id, caller, operation, "key", response, created_at) '
               'SELECT tenant_id, \'\', operation, "key", response, created_at FROM idempotency_keys')
    op.drop_table("idempotency_keys")
    op.rename_table("idempotency_keys_v2", "idempotency_keys")


def unscope_idempotency_keys_from_callers(op: Any) -> None:
    """Downgrade of :func:`scope_idempotency_keys_to_callers`.

    The stored answers are dropped first: two callers' answers under one key cannot be merged,
    and keeping either one would hand it to the other caller.
    """
    op.execute("DELETE FROM idempotency_keys")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(IDEMPOTENCY_PRIMARY_KEY, "idempotency_keys", type_="primary")
        op.drop_column("idempotency_keys", "caller")
        op.create_primary_key("idempotency_keys_pkey", "idempotency_keys", ["tenant_id", "operation", "key"])
        op.create_unique_constraint("uq_idempotency", "idempotency_keys", ["tenant_id", "operation", "key"])
        return
    op.drop_table("idempotency_keys")
    op.create_table(
        "idempotency_keys",
        Column("tenant_id", String(64), nullable=False),
        Column("operation", String(64), nullable=False),
        Column("key", String(200), nullable=False),
        Column("response", JSON, nullable=False),
        Column("created_at", UtcDateTime, nullable=False),
        PrimaryKeyConstraint("tenant_id", "operation", "key"),
        UniqueConstraint("tenant_id", "operation", "key", name="uq_idempotency"),
    )
