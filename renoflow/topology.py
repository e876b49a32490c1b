"""The RabbitMQ topology of the event handlers, declared before any service publishes.

nameko declares a handler's queue when the handler's service starts; an event published before
that would be unroutable and lost. Declaring every queue up front (``renoflow db provision`` and
``renoflow up --distributed``) makes the first events wait in durable queues instead.

Handler queues are quorum queues (decision 0017). A handler queue an older version declared
classic is replaced when it is empty; one with messages waiting stops the declaration with a
message saying so, since deleting it would lose them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from inspect import getmembers

from amqp.exceptions import PreconditionFailed
from kombu import Connection, Queue
from nameko.events import EventHandler
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR

from shared.messaging.amqp import event_exchange
from shared.messaging.nameko_support import HANDLER_QUEUE_ARGUMENTS, dead_letter_queue

log = logging.getLogger(__name__)


def handler_queues(service_classes: Iterable[type]) -> list[Queue]:
    """The durable queue of every ``@event_handler``, named and bound exactly as nameko does."""
    queues = []
    for cls in service_classes:
        for name, method in getmembers(cls, callable):
            for ep in getattr(method, ENTRYPOINT_EXTENSIONS_ATTR, ()):
                if isinstance(ep, EventHandler):
                    queues.append(Queue(
                        f"evt-{ep.source_service}-{ep.event_type}--{cls.name}.{name}",  # type: ignore[attr-defined]
                        exchange=event_exchange(ep.source_service), routing_key=ep.event_type,
                        durable=True, auto_delete=False, queue_arguments=dict(HANDLER_QUEUE_ARGUMENTS)))
    return queues


def declare_topology(amqp_uri: str, service_classes: Iterable[type]) -> int:
    """Declare the event exchanges, handler queues and the dead-letter queue; return the count."""
    queues = [*handler_queues(service_classes), dead_letter_queue()]
    with Connection(amqp_uri) as conn:
        for q in queues:
            try:
                q(conn.channel()).declare()
            except PreconditionFailed:  # declared before with other arguments: a classic queue
                _replace_if_empty(conn, q)
    return len(queues)


def _replace_if_empty(conn: Connection, queue: Queue) -> None:
    """Delete ``queue`` as it was declared (if empty and unused) and declare it anew."""
    channel = conn.channel()
    _, waiting, consumers = Queue(queue.name)(channel).queue_declare(passive=True)
    if waiting or consumers:
        raise RuntimeError(
            f"queue {queue.name} was declared with other arguments (a classic queue) and holds {waiting} "
            f"message(s) for {consumers} consumer(s): let the services drain it, stop them, then declare again")
    channel.queue_delete(queue.name, if_unused=True, if_empty=True)
    queue(conn.channel()).declare()
    log.warning("queue %s was declared with other arguments; replaced it (it was empty)", queue.name)
