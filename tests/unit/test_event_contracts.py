"""Every consumer's view of an event asks only for what the publisher's event carries (P03).

A consumer never imports the publisher (architecture.md); this test may, and checks each view
declared in a service's ``EVENT_HANDLERS`` against the publishing service's event schema, so a
publisher that renames or drops a field fails here instead of in a handler on the bus.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from renoflow.services import SERVICE_CLASSES
from shared.messaging.consumers import Consumer
from shared.messaging.events import Event, EventView

ENVELOPE = set(EventView.model_fields)


def _published(service: str) -> dict[str, type[Event]]:
    module = importlib.import_module(f"services.{service}.domain.events")
    return {cls.event_type: cls for cls in vars(module).values()
            if isinstance(cls, type) and issubclass(cls, Event) and cls is not Event and hasattr(cls, "event_type")}


def _consumers() -> list[tuple[str, Consumer]]:
    return [(cls.name, c) for cls in SERVICE_CLASSES for c in getattr(cls, "event_handlers", ())]  # type: ignore[attr-defined]


def _json_type(schema: dict[str, Any]) -> set[str]:
    if "anyOf" in schema:
        return set().union(*(_json_type(s) for s in schema["anyOf"]))
    return {schema.get("type", "any")}


def test_there_are_consumers_to_check() -> None:
    assert _consumers(), "the services declare their consumers in EVENT_HANDLERS"


@pytest.mark.parametrize(("service", "consumer"), _consumers(),
                         ids=lambda v: v if isinstance(v, str) else f"{v.source}.{v.event_type}->{v.name}")
def test_consumer_view_matches_the_published_event(service: str, consumer: Consumer) -> None:
    events = _published(consumer.source)
    assert consumer.event_type in events, f"{consumer.source} publishes no {consumer.event_type}"
    published = events[consumer.event_type].model_json_schema()
    view = consumer.view.model_json_schema()
    offered = published.get("properties", {})
    always = set(published.get("required", []))
    for name, field in view.get("properties", {}).items():
        if name in ENVELOPE:
            continue
        assert name in offered, f"{service} reads {name} of {consumer.event_type}, which it does not carry"
        if name in view.get("required", []):
            assert name in always, f"{service} requires {name}, which {consumer.event_type} may leave out"
        wanted, given = _json_type(field), _json_type(offered[name])
        assert "any" in wanted or given <= wanted | {"null"} or given & wanted, (
            f"{name}: {service} reads {wanted}, {consumer.source} publishes {given}")
