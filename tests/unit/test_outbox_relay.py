"""Rule P03 at the outbox: an event committed but not yet published survives and goes out later."""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData, select

from shared.messaging.events import Event
from shared.messaging.outbox import MAX_ATTEMPTS, OutboxRelay
from shared.persistence.db import ServiceDatabase
from shared.persistence.platform_tables import add_platform_tables
from shared.persistence.uow import UnitOfWork


class SomethingHappened(Event):
    event_type = "something_happened"
    n: int


class Broker:
    def __init__(self) -> None:
        self.up = False
        self.sent: list[dict[str, Any]] = []

    def publish(self, source_service: str, event_type: str, payload: dict[str, Any]) -> None:
        if not self.up:
            raise ConnectionError("broker down")
        self.sent.append(payload)


def setup() -> tuple[ServiceDatabase, Any, Broker, OutboxRelay]:
    metadata = MetaData()
    tables = add_platform_tables(metadata)
    db = ServiceDatabase("demo", "sqlite://")
    metadata.create_all(db.engine)
    broker = Broker()
    return db, tables, broker, OutboxRelay(db, tables, broker)


def commit_events(db: ServiceDatabase, tables: Any, *numbers: int) -> None:
    with UnitOfWork(db, tables, "demo") as uow:
        for n in numbers:
            uow.publish(SomethingHappened(n=n))
        uow.commit()


def test_P03_event_survives_a_failed_publish_and_goes_out_in_order_later() -> None:
    db, tables, broker, relay = setup()
    commit_events(db, tables, 1, 2)
    assert relay.publish_pending() == 0  # broker down: nothing lost, nothing marked
    broker.up = True
    assert relay.publish_pending() == 2
    assert [p["n"] for p in broker.sent] == [1, 2]
    assert all(p["tenant_id"] == "demo" and p["event_type"] == "something_happened" for p in broker.sent)
    assert relay.publish_pending() == 0  # published rows are not sent again


def test_P03_rolled_back_unit_of_work_publishes_nothing() -> None:
    db, tables, broker, relay = setup()
    broker.up = True
    with UnitOfWork(db, tables, "demo") as uow:
        uow.publish(SomethingHappened(n=1))  # no commit
    assert relay.publish_pending() == 0 and broker.sent == []


def test_P03_an_event_that_keeps_failing_is_set_aside_for_an_operator() -> None:
    db, tables, broker, relay = setup()
    commit_events(db, tables, 1)
    for _ in range(MAX_ATTEMPTS):
        relay.publish_pending()
    with db.sessions() as s:
        row = s.execute(select(tables.outbox.c.dead_at, tables.outbox.c.attempts, tables.outbox.c.last_error)).one()
    assert row.dead_at is not None and row.attempts == MAX_ATTEMPTS and "broker down" in row.last_error
    broker.up = True
    assert relay.publish_pending() == 0


def test_P03_inbox_claims_an_event_once() -> None:
    db, tables, _broker, _relay = setup()
    with UnitOfWork(db, tables, "demo") as uow:
        assert uow.claim_event("handler", "evt-1") is True
        uow.commit()
    with UnitOfWork(db, tables, "demo") as uow:
        assert uow.claim_event("handler", "evt-1") is False
        assert uow.claim_event("other-handler", "evt-1") is True


def test_P03_a_set_aside_event_is_listed_and_revived_by_an_operator() -> None:
    from shared.messaging.outbox import dead_events, revive

    db, tables, broker, relay = setup()
    commit_events(db, tables, 7)
    for _ in range(MAX_ATTEMPTS):
        relay.publish_pending()
    (dead,) = dead_events(db, tables)
    assert dead["event_type"] == "something_happened" and dead["tenant_id"] == "demo"
    assert revive(db, tables, str(dead["event_id"])) == 1 and dead_events(db, tables) == []
    broker.up = True
    assert relay.publish_pending() == 1 and broker.sent[0]["n"] == 7


def test_P03_a_relay_to_a_broker_never_sets_events_aside() -> None:
    db, tables, broker, _ = setup()
    relay = OutboxRelay(db, tables, broker, max_attempts=None)
    commit_events(db, tables, 1)
    for _ in range(MAX_ATTEMPTS + 3):
        relay.publish_pending()
    broker.up = True
    assert relay.publish_pending() == 1


def test_P03_an_event_committed_during_a_pass_goes_out_in_another_pass_of_that_thread() -> None:
    """Embedded mode: a handler run by the pass commits a new event and asks for a pass while the
    relay is busy; the busy pass makes one more round instead of leaving the event behind."""
    db, tables, broker, relay = setup()
    db.on_commit(relay.publish_pending)
    broker.up = True
    publish = broker.publish

    def handler_commits_a_follow_up(source_service: str, event_type: str, payload: dict[str, Any]) -> None:
        publish(source_service, event_type, payload)
        if payload["n"] == 1:
            commit_events(db, tables, 2)  # its on_commit call finds the relay busy

    broker.publish = handler_commits_a_follow_up  # type: ignore[method-assign]
    commit_events(db, tables, 1)
    assert [p["n"] for p in broker.sent] == [1, 2]


def test_P03_a_commit_without_events_does_not_ask_for_a_pass() -> None:
    db, tables, _broker, _relay = setup()
    asked: list[int] = []
    db.on_commit(lambda: asked.append(1))
    with UnitOfWork(db, tables, "demo") as uow:
        uow.commit()
    assert asked == []
    commit_events(db, tables, 1)
    assert asked == [1]
