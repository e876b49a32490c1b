"""Time, in one place, so tests can move it and "today" is always a store's local today."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

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


@cache
def _iana_names() -> frozenset[str]:
    # available_timezones() walks the whole zoneinfo tree on every call (tens of ms); settings
    # snapshots are validated in every unit of work that reads them, so the list is read once.
    return frozenset(available_timezones())


def iana_zone(value: str) -> str:
    """``value`` if it names an IANA time zone ("Asia/Shanghai"); ValueError otherwise.

    ZoneInfo alone would also open a path-like key found on disk; the IANA list is the contract.
    """
    if value not in _iana_names():
        raise ValueError("timezone must be an IANA time zone such as Asia/Shanghai")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:  # listed, but this machine's tzdata cannot load it
        raise ValueError("timezone must be an IANA time zone such as Asia/Shanghai") from exc
    return value
