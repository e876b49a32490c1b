"""Issue 8 item 2 (replicas) on PostgreSQL: relays of two replicas share one outbox, timers lead once.

Two :class:`OutboxRelay` on their own engines stand for the relays of two service processes; two
:class:`TimerLeadership` for one timer in two processes.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from sqlalchemy import func, select

from services.finance.adapters.orm import PLATFORM
from services.finance.adapters.unit_of_work import FinanceUnitOfWork
from shared.messaging.events import Event
from shared.messaging.nameko_support import TimerLeadership
from shared.messaging.outbox import OutboxRelay
from shared.persistence.db import ServiceDatabase
from shared.settings import Settings

pytestmark = pytest.mark.integration

TENANTS = ("replica-a", "replica-b", "replica-c")
EVENTS_PER_TENANT = 12


class Numbered(Event):
    event_type: ClassVar[str] = "replica_test_numbered"
    n: int


class SlowCollector:
    """A publisher that takes a moment per event, so two relays' passes overlap."""

    def __init__(self, seen: list[dict[str, Any]], lock: threading.Lock) -> None:
        self.seen = seen
        self.lock = lock

    def publish(self, source_service: str, event_type: str, payload: dict[str, Any]) -> None:
        if event_type == Numbered.event_type:
            time.sleep(0.005)
            with self.lock:
                self.seen.append(payload)


@pytest.fixture
def relay_dbs(provisioned: Settings) -> Iterator[list[ServiceDatabase]]:
    dbs = [ServiceDatabase("finance", provisioned.service_relay_url("finance")) for _ in range(2)]
    yield dbs
    for db in dbs:
        db.dispose()


def pending(db: ServiceDatabase) -> int:
    o = PLATFORM.outbox
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(o).where(
            o.c.published_at.is_(None), o.c.dead_at.is_(None))).scalar_one())


def test_I8_two_relays_publish_every_event_once_and_each_tenants_in_order(
        provisioned: Settings, relay_dbs: list[ServiceDatabase]) -> None:
    app_db = ServiceDatabase("finance", provisioned.service_database_url("finance"))
    try:
        for n in range(EVENTS_PER_TENANT):
            for tenant in TENANTS:
                with FinanceUnitOfWork(app_db, PLATFORM, tenant) as uow:
                    uow.publish(Numbered(n=n))
                    uow.commit()
    finally:
        app_db.dispose()
    seen: list[dict[str, Any]] = []
    lock = threading.Lock()
    relays = [OutboxRelay(db, PLATFORM, SlowCollector(seen, lock)) for db in relay_dbs]
    errors: list[BaseException] = []

    def drain(relay: OutboxRelay) -> None:
        try:
            while pending(relay.db):
                relay.publish_pending(limit=4)  # small batches, so the two relays interleave
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=drain, args=(r,)) for r in relays]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    ours = [p for p in seen if p["tenant_id"] in TENANTS]
    counts = Counter(p["event_id"] for p in ours)
    assert len(counts) == len(TENANTS) * EVENTS_PER_TENANT
    assert set(counts.values()) == {1}, "an event was published twice"
    for tenant in TENANTS:
        assert [p["n"] for p in ours if p["tenant_id"] == tenant] == list(range(EVENTS_PER_TENANT))


def test_I8_one_replica_leads_a_timer_until_its_connection_goes(relay_dbs: list[ServiceDatabase]) -> None:
    first, second = TimerLeadership("finance.test_tick"), TimerLeadership("finance.test_tick")
    other = TimerLeadership("finance.other_tick")
    try:
        assert first.leads(relay_dbs[0].engine)
        assert not second.leads(relay_dbs[1].engine)
        assert first.leads(relay_dbs[0].engine)  # it keeps the lead from tick to tick
        assert other.leads(relay_dbs[1].engine)  # one lock per timer
        first.release()  # what the leader's death does to its connection
        assert second.leads(relay_dbs[1].engine)
        assert not first.leads(relay_dbs[0].engine)
    finally:
        for leadership in (first, second, other):
            leadership.release()
