"""The RabbitMQ topology of the event handlers, declared before any service publishes.

nameko declares a handler's queue when the handler's service starts; an event published before
that would be unroutable and lost. Declaring every queue up front (``renoflow db provision`` and
``renoflow up --distributed``) makes the first events wait in durable queues instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from inspect import getmembers

from kombu import Connection, Queue
from nameko.events import EventHandler
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR

from shared.messaging.amqp import event_exchange
from shared.messaging.nameko_support import dead_letter_queue


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
                        durable=True, auto_delete=False))
    return queues


def declare_topology(amqp_uri: str, service_classes: Iterable[type]) -> int:
    """Declare the event exchanges, handler queues and the dead-letter queue; return the count."""
    queues = [*handler_queues(service_classes), dead_letter_queue()]
    with Connection(amqp_uri) as conn:
        channel = conn.channel()
        for q in queues:
            q(channel).declare()
    return len(queues)
