"""Event consumers declared once, as a table: which events a service reacts to, and with what.

A service lists them in ``operations.py`` (cosmicpython's ``EVENT_HANDLERS``)::

    EVENT_HANDLERS = (Consumer("contracts", "contract_signed", ContractSignedView, open_project),)

and :func:`consumes` gives its nameko class one reliable ``@event_handler`` per event. For each
message and each handler, in one place: parse the consumer's own view of the event, open a unit
of work for the event's tenant, claim the event in the inbox (a redelivery changes nothing twice,
P03), call ``handler(view, uow)`` and commit. The handler changes state and publishes through
the unit of work it is given; it never opens or commits one itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from shared.messaging.events import EventView
from shared.observability.metrics import platform_metrics


@dataclass(frozen=True)
class Consumer:
    """``handler(view, uow)`` runs once per ``source.event_type`` event, read as ``view``."""

    source: str
    event_type: str
    view: type[EventView]
    handler: Callable[[Any, Any], None]

    @property
    def name(self) -> str:
        """The handler's name; with the service's, its inbox name (``construction.open_project``)."""
        return self.handler.__name__


def handle(consumer: Consumer, service: str, open_uow: Callable[[str], Any], event: dict[str, Any]) -> bool:
    """Deliver one event message to one handler; False when the inbox says it was handled before."""
    view = consumer.view.model_validate(event)
    with open_uow(view.tenant_id) as uow:
        if not uow.claim_event(f"{service}.{consumer.name}", view.event_id):
            return False
        consumer.handler(view, uow)
        uow.commit()
    platform_metrics().event_handled(service=service, source=consumer.source, event_type=consumer.event_type,
                                     handler=consumer.name)
    return True


def consumes(*consumers: Consumer) -> Callable[[type], type]:
    """Class decorator: one ``@event_handler`` entrypoint ``on_<event_type>`` per consumed event.

    The entrypoint's name fixes its queue (``evt-<source>-<type>--<service>.on_<type>``), so
    several handlers of one event share one entrypoint and each keeps its own inbox claim.
    """
    from shared.messaging.nameko_support import event_handler  # the nameko adapter, not the declaration

    def decorate(cls: type) -> type:
        by_event: dict[tuple[str, str], list[Consumer]] = {}
        for c in consumers:
            by_event.setdefault((c.source, c.event_type), []).append(c)
        names = [f"on_{event_type}" for _source, event_type in by_event]
        if len(set(names)) != len(names):
            raise TypeError(f"{cls.__name__} consumes two events of one name from different services")
        for (source, event_type), handlers in by_event.items():
            setattr(cls, f"on_{event_type}", event_handler(source, event_type)(_entrypoint(handlers)))
        cls.event_handlers = tuple(consumers)  # type: ignore[attr-defined]
        return cls

    return decorate


def _entrypoint(handlers: list[Consumer]) -> Callable[..., None]:
    def entrypoint(self: Any, event: dict[str, Any]) -> None:
        for consumer in handlers:
            handle(consumer, self.name, self.uow, event)

    entrypoint.__name__ = f"on_{handlers[0].event_type}"
    return entrypoint
