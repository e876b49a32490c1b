"""Time, in one place, so tests can move it and "today" is always a store's local today."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Shanghai"


def utcnow() -> datetime:
    """The current instant, timezone-aware (UTC)."""
    return datetime.now(UTC)


def local_today(tz_name: str = DEFAULT_TIMEZONE, *, now: datetime | None = None) -> date:
    """The calendar date in a store's time zone (api.md: "today" is that store's today)."""
    return (now or utcnow()).astimezone(ZoneInfo(tz_name)).date()
