"""Domain events: versioned schemas published by a service, and the envelope every event carries.

A publisher declares its events in its own ``domain/events.py`` by subclassing :class:`Event`;
a consumer never imports the publisher: it declares the fields it reads on an :class:`EventView`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict


class Event(BaseModel):
    """Something that happened, named in the past tense (``ContractSigned``)."""

    model_config = ConfigDict(frozen=True)

    event_type: ClassVar[str]
    version: ClassVar[int] = 1


class EventView(BaseModel):
    """A consumer's reading of an event message: the envelope plus the fields it declares."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    event_id: str
    event_type: str
    version: int
    tenant_id: str
    occurred_at: datetime
    trace: dict[str, str] = {}


def envelope(
    event: Event, *, event_id: str, tenant_id: str, occurred_at: datetime, trace: dict[str, str]
) -> dict[str, Any]:
    """The message body of an event: its fields plus id, type, version, tenant, time and trace."""
    body = event.model_dump(mode="json")
    body.update(
        event_id=event_id, event_type=event.event_type, version=event.version,
        tenant_id=tenant_id, occurred_at=occurred_at.isoformat(), trace=dict(trace),
    )
    return body
