"""Working days (A04, A06): a tenant's calendar is weekends plus the holidays it lists.

The seed's deadlines count working days (个工作日) in the store's local time; a listed holiday may
also be a weekday the tenant works (调休) — both are the tenant's list, kept as data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from shared.clock import DEFAULT_TIMEZONE


@dataclass(frozen=True)
class WorkCalendar:
    """Weekends and ``holidays`` are days off; ``workdays`` are weekend days worked instead (调休)."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)
    timezone: str = DEFAULT_TIMEZONE

    @classmethod
    def of(cls, days_off: Iterable[date] = (), days_worked: Iterable[date] = (),
           timezone: str = DEFAULT_TIMEZONE) -> WorkCalendar:
        return cls(frozenset(days_off), frozenset(days_worked), timezone)

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def local_day(self, moment: datetime) -> date:
        """The store-local date of an instant."""
        return moment.astimezone(ZoneInfo(self.timezone)).date()

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (``start`` itself never counts)."""
        day, left = start, days
        while left > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def due(self, moment: datetime, days: int) -> date:
        """A04: the store-local working day by whose end something started at ``moment`` is due."""
        return self.add_working_days(self.local_day(moment), days)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count
