"""Time, in one place, so tests can move it and "today" is always a store's local today."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Shanghai"

#: How far the whole process's clock is moved (only while the embedded demo seeds past activity).
_offset = timedelta(0)


def utcnow() -> datetime:
    """The current instant, timezone-aware (UTC)."""
    return datetime.now(UTC) + _offset


@contextmanager
def moved_to(moment: datetime) -> Iterator[None]:
    """Run the block as if it were ``moment``, in every thread of the process.

    For the embedded demo only: it seeds months of activity through the use cases before the
    server starts, so every rule sees the day the work happened. A process global, not a context
    variable, because an in-process call and its event handlers may run on other threads.
    """
    global _offset
    before = _offset
    _offset = moment - datetime.now(UTC)
    try:
        yield
    finally:
        _offset = before


def local_today(tz_name: str = DEFAULT_TIMEZONE, *, now: datetime | None = None) -> date:
    """The calendar date in a store's time zone (api.md: "today" is that store's today)."""
    return (now or utcnow()).astimezone(ZoneInfo(tz_name)).date()
