"""Issue 8 item 2 (decision 0017): handler queues are quorum queues; classic ones are replaced if empty."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from amqp.exceptions import PreconditionFailed
from kombu import Connection, Producer, Queue

from renoflow.services import SERVICE_CLASSES
from renoflow.topology import declare_topology, handler_queues
from shared.messaging.nameko_support import HANDLER_QUEUE_ARGUMENTS
from tests.servers import require_rabbitmq, throwaway_vhost

pytestmark = pytest.mark.integration


@pytest.fixture
def amqp_uri() -> Iterator[str]:
    require_rabbitmq()
    with throwaway_vhost() as uri:
        if uri.endswith("/"):
            pytest.skip("no throw-away virtual host (rabbitmqctl); would touch the default one")
        yield uri


def classic(queue: Queue) -> Queue:
    return Queue(queue.name, exchange=queue.exchange, routing_key=queue.routing_key, durable=True,
                 auto_delete=False)


def test_I8_handler_queues_are_quorum_queues_with_a_delivery_limit_and_the_dead_letter_queue(amqp_uri: str) -> None:
    assert HANDLER_QUEUE_ARGUMENTS["x-queue-type"] == "quorum"
    declare_topology(amqp_uri, SERVICE_CLASSES)
    queue = handler_queues(SERVICE_CLASSES)[0]
    assert queue.queue_arguments == HANDLER_QUEUE_ARGUMENTS
    with Connection(amqp_uri) as conn:
        with pytest.raises(PreconditionFailed, match="inequivalent arg"):
            classic(queue)(conn.channel()).declare()  # the broker holds a quorum queue by that name
    assert declare_topology(amqp_uri, SERVICE_CLASSES) == len(handler_queues(SERVICE_CLASSES)) + 1  # idempotent


def test_I8_an_empty_classic_handler_queue_is_replaced_and_one_with_messages_is_kept(amqp_uri: str) -> None:
    empty, busy = handler_queues(SERVICE_CLASSES)[:2]
    with Connection(amqp_uri) as conn:
        for q in (empty, busy):
            classic(q)(conn.channel()).declare()
        Producer(conn.channel()).publish({"waiting": True}, exchange="", routing_key=busy.name, delivery_mode=2)
    with pytest.raises(RuntimeError, match=f"{busy.name}.*1 message"):
        declare_topology(amqp_uri, SERVICE_CLASSES)
    with Connection(amqp_uri) as conn:
        with pytest.raises(PreconditionFailed):
            classic(empty)(conn.channel()).declare()  # replaced by the quorum queue
        _, waiting, _ = Queue(busy.name)(conn.channel()).queue_declare(passive=True)
        assert waiting == 1  # nothing lost
