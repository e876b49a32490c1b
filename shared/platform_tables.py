"""Tables every service database has: the outbox, the inbox and the idempotency record.

Kept in SQLAlchemy Core so each service adds them to its own metadata (and migrations).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, Text, UniqueConstraint

from shared.db_types import UtcDateTime


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
    idempotency = Table(
        "idempotency_keys", metadata,
        Column("tenant_id", String(64), primary_key=True),
        Column("operation", String(64), primary_key=True),
        Column("key", String(200), primary_key=True),
        Column("response", JSON, nullable=False),
        Column("created_at", UtcDateTime, nullable=False),
        UniqueConstraint("tenant_id", "operation", "key", name="uq_idempotency"),
    )
    return PlatformTables(outbox=outbox, inbox=inbox, idempotency=idempotency)
