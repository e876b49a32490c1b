"""Rule P03 in distributed mode: no event lost when a service dies, none applied twice, none dropped."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from kombu import Connection, Queue

from renoflow.dead_letters import list_dead_letters, replay_dead_letters
from renoflow.services import SERVICE_CLASSES
from renoflow.topology import handler_queues
from shared.ids import new_id
from shared.messaging.amqp import AmqpEventPublisher
from shared.persistence.postgres import database_name
from tests.platforms import Journey, Live, distributed, eventually
from tests.servers import admin_connect

FINANCE_QUEUE = "evt-contracts-contract_signed--finance.on_contract_signed"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with distributed(tmp_path_factory.mktemp("reliability")) as live:
        yield live


def rows(live: Live, service: str, query: str, *args: Any) -> list[tuple[Any, ...]]:
    """Read a service database as the superuser (past row-level security)."""
    assert live.settings is not None
    with admin_connect(database_name(live.settings, service)) as conn:
        return list(conn.execute(query, args).fetchall())


def queue_drained(live: Live, name: str, timeout: float = 20) -> None:
    assert live.settings is not None
    deadline = time.monotonic() + timeout
    with Connection(live.settings.amqp_uri) as conn:
        while True:
            _, count, _ = Queue(name, durable=True)(conn.channel()).queue_declare(passive=True)
            if count == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
    time.sleep(0.5)  # the last message taken may still be in its handler


def signed_contract(live: Live) -> dict[str, Any]:
    journey = Journey(live)
    signed = journey.sign(journey.draft_contract()["id"])
    assert signed.status_code == 200, signed.text
    return signed.json()


def plan_of(live: Live, contract_id: str) -> Any:
    finance = live.as_user("finance-a")
    return eventually(lambda: finance.get(f"/api/v1/contracts/{contract_id}/payment-plan"),
                      ok=lambda r: r.status_code == 200, timeout=30)


def test_P03_a_killed_service_process_loses_no_event(cluster: Live) -> None:
    assert cluster.processes is not None
    cluster.processes.kill("finance")
    try:
        contract = signed_contract(cluster)  # finance is down: contract_signed waits in its queue
    finally:
        cluster.processes.start("finance")
        cluster.processes.wait_ready()
    plan = plan_of(cluster, contract["id"])
    assert plan.status_code == 200, plan.text
    assert next(i for i in plan.json()["installments"] if i["kind"] == "first")["status"] == "due"


def test_P03_duplicate_delivery_of_contract_signed_opens_no_second_plan(cluster: Live) -> None:
    assert cluster.settings is not None
    contract = signed_contract(cluster)
    assert plan_of(cluster, contract["id"]).status_code == 200
    (payload,) = rows(cluster, "contracts", "SELECT payload FROM outbox WHERE event_type = 'contract_signed' "
                      "AND payload->>'contract_id' = %s", contract["id"])[0]
    publisher = AmqpEventPublisher(cluster.settings.amqp_uri)
    try:
        publisher.publish("contracts", "contract_signed", payload)
        publisher.publish("contracts", "contract_signed", payload)
    finally:
        publisher.close()
    queue_drained(cluster, FINANCE_QUEUE)
    plans = rows(cluster, "finance", "SELECT contract_id FROM payment_plans WHERE contract_id = %s", contract["id"])
    installments = rows(cluster, "finance", "SELECT kind FROM installments WHERE contract_id = %s", contract["id"])
    projects = rows(cluster, "construction", "SELECT id FROM projects WHERE contract_id = %s", contract["id"])
    assert (len(plans), len(installments), len(projects)) == (1, 3, 1)


def test_P03_a_failing_handler_is_retried_then_dead_lettered_and_can_be_replayed(cluster: Live) -> None:
    assert cluster.settings is not None
    event_id = new_id()
    broken = {"event_id": event_id, "event_type": "contract_signed", "version": 1, "tenant_id": "demo",
              "occurred_at": "2026-01-01T00:00:00+00:00", "trace": {}, "contract_id": "missing-fields"}
    publisher = AmqpEventPublisher(cluster.settings.amqp_uri)
    try:
        publisher.publish("contracts", "contract_signed", broken)
    finally:
        publisher.close()

    def dead() -> list[Any]:
        return [d for d in list_dead_letters(cluster.settings.amqp_uri) if d.event_id == event_id]

    # Every handler of contract_signed fails on it and sets it aside on its own schedule.
    handlers = {q.name for q in handler_queues(SERVICE_CLASSES) if q.routing_key == "contract_signed"}
    deadline = time.monotonic() + 45
    while {d.queue for d in dead()} != handlers and time.monotonic() < deadline:
        time.sleep(0.2)
    letters = dead()
    assert {d.queue for d in letters} == handlers
    finance = [d for d in letters if d.queue == FINANCE_QUEUE]
    assert finance and finance[0].attempts == 3 and finance[0].tenant_id == "demo"
    assert dead(), "listing leaves the dead letters in place"

    assert replay_dead_letters(cluster.settings.amqp_uri, event_id) == len(letters)
    deadline = time.monotonic() + 45
    while len(dead()) < len(letters) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(dead()) == len(letters)  # still broken: retried again and set aside again, not dropped
