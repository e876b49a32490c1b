"""The tenants a timer sweeps: a service's ``sweep_tenants`` table, enrolling into it, reading it.

A timer runs outside any tenant (decision 0016), so a service keeps one row per tenant that has
something for its timers, written inside that tenant's first transaction that needs one.
Row-level security applies as to every tenant table; the relay role reads it across tenants.
"""

from __future__ import annotations

import threading
import time
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


#: Enrolments this process has seen committed, per database engine, with when: one seen lately
#: needs no statement again. An engine, not the table: the table object is shared by every
#: database of the service's metadata (the tests open many in one process).
_enrolled: WeakKeyDictionary[Engine, dict[tuple[str, str], float]] = WeakKeyDictionary()
_enrolled_lock = threading.Lock()
#: How long a remembered enrolment is trusted. A tenant's data deletion removes its row, here
#: forgotten at once (forget_enrolments) but in another replica only when this runs out: a
#: tenant re-created under the same id within it is enrolled again by its next write after it.
REMEMBER_SECONDS = 300.0
_clock = time.monotonic
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
    seen = _enrolled.get(engine, {}).get(key)
    if seen is not None and _clock() - seen < REMEMBER_SECONDS:
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
        now = _clock()
        with _enrolled_lock:
            for engine, key in pending:
                _enrolled.setdefault(engine, {})[key] = now


def forget_enrolments(tenant_id: str) -> None:
    """Forget what this process remembers of ``tenant_id``'s enrolments (its data was deleted)."""
    with _enrolled_lock:
        for remembered in _enrolled.values():
            for key in [k for k in remembered if k[1] == tenant_id]:
                del remembered[key]


@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session, *_args: Any) -> None:
    session.info.pop(_PENDING, None)


def tenants_to_sweep(platform_db: ServiceDatabase, table: Table) -> list[str]:
    """Every enrolled tenant, in id order (read as the relay role, across tenants)."""
    with platform_db.sessions() as session:
        return list(session.execute(select(table.c.tenant_id).order_by(table.c.tenant_id)).scalars())
