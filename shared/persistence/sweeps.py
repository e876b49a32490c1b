"""The tenants a timer sweeps: a service's ``sweep_tenants`` table, enrolling into it, reading it.

A timer runs outside any tenant (decision 0016), so a service keeps one row per tenant that has
something for its timers, written inside that tenant's first transaction that needs one.
Row-level security applies as to every tenant table; the relay role reads it across tenants.
"""

from __future__ import annotations

import threading
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Column, Engine, MetaData, String, Table, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.clock import utcnow
from shared.persistence.db import ServiceDatabase
from shared.persistence.db_types import UtcDateTime


def add_sweep_tenants(metadata: MetaData) -> Table:
    """Declare the ``sweep_tenants`` table on a service's metadata."""
    return Table(
        "sweep_tenants", metadata,
        Column("tenant_id", String(64), primary_key=True),
        Column("enrolled_at", UtcDateTime, nullable=False),
    )


#: Enrolments this process has seen committed, per database engine: a row is never removed, so
#: one seen once needs no statement again. An engine, not the table: the table object is shared
#: by every database of the service's metadata (the tests open many in one process).
_enrolled: WeakKeyDictionary[Engine, set[tuple[str, str]]] = WeakKeyDictionary()
_enrolled_lock = threading.Lock()
#: The key in ``Session.info`` of the enrolments a session's open transaction wrote.
_PENDING = "renoflow_enrolling"


def enroll_tenant(session: Session, table: Table, tenant_id: str) -> None:
    """Enrol ``tenant_id`` in the sweep, once (a second enrolment changes nothing).

    Every unit of work that writes something a timer sweeps calls this; after the first
    enrolment of a tenant has committed, later calls in the process issue no statement.
    """
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    key = (table.name, tenant_id)
    if key in _enrolled.get(engine, ()):
        return
    insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
    session.execute(insert(table).values(tenant_id=tenant_id, enrolled_at=utcnow())
                    .on_conflict_do_nothing(index_elements=["tenant_id"]))
    session.info.setdefault(_PENDING, set()).add((engine, key))


@event.listens_for(Session, "after_commit")
def _remember_enrolled(session: Session) -> None:
    # Only once committed: a rolled-back enrolment must be written again next time.
    pending = session.info.pop(_PENDING, None)
    if pending:
        with _enrolled_lock:
            for engine, key in pending:
                _enrolled.setdefault(engine, set()).add(key)


@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session, *_args: Any) -> None:
    session.info.pop(_PENDING, None)


def tenants_to_sweep(platform_db: ServiceDatabase, table: Table) -> list[str]:
    """Every enrolled tenant, in id order (read as the relay role, across tenants)."""
    with platform_db.sessions() as session:
        return list(session.execute(select(table.c.tenant_id).order_by(table.c.tenant_id)).scalars())
