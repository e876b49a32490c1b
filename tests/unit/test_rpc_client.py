"""Issue 6 items 4 and 5 at the gateway's RPC client: requests expire, and each service has its own slots.

The client runs on kombu's in-memory transport; a thread plays a service that answers, and a
service nobody consumes for plays a hung one.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pytest
from kombu import Connection, Consumer, Exchange, Producer, Queue

from shared.errors import Unavailable
from shared.identity.context import CallContext, Principal
from shared.messaging.amqp import RPC_EXCHANGE, NamekoRpcClient

EXCHANGE = Exchange(RPC_EXCHANGE, type="topic", durable=True)


def caller() -> CallContext:
    return CallContext(principal=Principal(tenant_id="demo", user_id="u1", username="designer-a"))


@contextmanager
def answering(service: str) -> Iterator[list[dict[str, Any]]]:
    """A thread answering every call to ``service`` with "pong"; yields the requests it saw."""
    seen: list[dict[str, Any]] = []
    ready, stop = threading.Event(), threading.Event()

    def serve() -> None:
        with Connection("memory://") as conn:
            queue = Queue(f"rpc-{service}-{uuid.uuid4()}", exchange=EXCHANGE, routing_key=f"{service}.*")

            def on_request(body: dict[str, Any], message: Any) -> None:
                seen.append({"properties": dict(message.properties), "headers": dict(message.headers)})
                Producer(conn.channel()).publish(
                    {"result": "pong", "error": None}, exchange=EXCHANGE, serializer="json",
                    routing_key=message.properties["reply_to"],
                    correlation_id=message.properties["correlation_id"])
                message.ack()

            with Consumer(conn.channel(), queues=[queue], callbacks=[on_request], accept=["json"]):
                ready.set()
                while not stop.is_set():
                    try:
                        conn.drain_events(timeout=0.05)
                    except TimeoutError:
                        pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(10)
    try:
        yield seen
    finally:
        stop.set()
        thread.join(10)


def test_H6_a_request_carries_its_budget_as_ttl_and_a_deadline() -> None:
    client = NamekoRpcClient("memory://", timeout=4, deadline_margin=0.5)
    try:
        with answering("echo") as seen:
            before = time.time()
            assert client.call("echo", "ping", caller()) == "pong"
    finally:
        client.close()
    (request,) = seen
    # kombu sends the per-message TTL in milliseconds; the slot wait may have spent a little of it.
    assert 3000 < int(request["properties"]["expiration"]) <= 4000
    deadline = float(request["headers"]["nameko.deadline"])
    assert before + 3 <= deadline <= before + 4 - 0.5 + 0.1  # the margin asks the service to start earlier


def test_H6_the_deadline_margin_is_at_most_a_quarter_of_a_short_budget() -> None:
    client = NamekoRpcClient("memory://", timeout=2, deadline_margin=5)
    now = time.time()
    assert now + 1.4 <= client._deadline(2) <= time.time() + 1.5


def test_H6_the_ninth_call_to_a_hung_service_is_503_and_another_service_still_answers() -> None:
    client = NamekoRpcClient("memory://", timeout=3, limit_per_service=8)
    hung = f"hung{uuid.uuid4().hex[:6]}"  # no consumer: its calls wait for an answer that never comes
    try:
        with answering("healthy") as _, ThreadPoolExecutor(max_workers=9) as pool:
            pending = [pool.submit(client.call, hung, "slow", caller()) for _ in range(8)]
            deadline = time.monotonic() + 10
            while client.busy(hung) < 8:
                assert time.monotonic() < deadline, "the eight calls never took their slots"
                time.sleep(0.01)
            ninth = pool.submit(client.call, hung, "slow", caller())
            # While all eight slots of the hung service are held, the other service has its own.
            assert client.busy(hung) == 8
            assert client.call("healthy", "ping", caller()) == "pong"
            assert client.busy(hung) == 8, "the healthy call went through while the hung ones were pending"
            with pytest.raises(Unavailable):
                ninth.result()
            for call in pending:
                with pytest.raises(Unavailable):
                    call.result()
    finally:
        client.close()
    assert client.busy(hung) == 0


def test_H6_a_slot_waits_within_the_budget_so_a_burst_to_a_healthy_service_queues() -> None:
    client = NamekoRpcClient("memory://", timeout=20, limit_per_service=2)
    try:
        with answering("burst") as seen, ThreadPoolExecutor(max_workers=6) as pool:
            answers = list(pool.map(lambda _: client.call("burst", "ping", caller()), range(6)))
    finally:
        client.close()
    assert answers == ["pong"] * 6 and len(seen) == 6
