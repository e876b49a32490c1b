"""Helpers for mapping a service's plain domain classes onto its tables (imperative mapping)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event


def _no_events_yet(aggregate: Any, _context: object) -> None:
    # A loaded aggregate skips __init__; its new events start from an empty list.
    aggregate.events = []


def aggregates(*classes: type) -> None:
    """Give every loaded instance of ``classes`` an empty ``events`` list, as ``__init__`` does."""
    for cls in classes:
        event.listen(cls, "load", _no_events_yet)
