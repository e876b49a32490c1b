"""K18: engineering statistics phones every customer weekly during construction (《电话回访》).

Each week (Monday to Sunday, store-local) a callback is scheduled for every project under
construction; engineering statistics records it done (with what the customer said, and whether
it was a complaint, 《客户投诉记录单》) during that week, or it counts as missed once the week is
over. The general manager, the studio (store) manager and the engineering manager read them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum

from shared.errors import Conflict, Forbidden

#: K18: engineering statistics makes the calls.
CALLERS = ("engineering_stats",)
#: K18: who reads the records, beside engineering statistics.
READERS = ("engineering_stats", "general_manager", "studio_manager", "engineering_manager", "hq")


class CallbackStatus(StrEnum):
    SCHEDULED = "scheduled"
    DONE = "done"
    MISSED = "missed"


def week_of(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def check_may_call(roles: Iterable[str]) -> None:
    if not set(roles) & set(CALLERS):
        raise Forbidden("engineering statistics makes the weekly callbacks", rule="K18")


def check_may_read(roles: Iterable[str]) -> None:
    if not set(roles) & set(READERS):
        raise Forbidden("the general manager, store manager and engineering manager read the callbacks", rule="K18")


class Callback:
    """One week's phone call to the customer of a project under construction."""

    tenant_id: str

    def __init__(self, *, id: str, project_id: str, contract_id: str, store: str, customer_name: str, week: date,
                 scheduled_at: datetime, status: CallbackStatus = CallbackStatus.SCHEDULED) -> None:
        self.id, self.project_id, self.contract_id, self.store = id, project_id, contract_id, store
        self.customer_name, self.week, self.scheduled_at, self.status = customer_name, week, scheduled_at, status
        self.called_by: str | None = None
        self.called_at: datetime | None = None
        self.outcome: str | None = None
        self.complaint = False

    @property
    def due_on(self) -> date:
        """The week's Sunday: the last day the call counts for its week."""
        return self.week + timedelta(days=6)

    def record(self, *, by: str, at: datetime, today: date, outcome: str, complaint: bool) -> None:
        """K18: the call was made this week; a missed week stays missed (the next week has its own)."""
        if self.status == CallbackStatus.DONE:
            raise Conflict("this week's callback is already recorded", rule="K18")
        if self.status == CallbackStatus.MISSED or today > self.due_on:
            raise Conflict("the week of this callback is over: it was missed", rule="K18")
        self.status, self.called_by, self.called_at = CallbackStatus.DONE, by, at
        self.outcome, self.complaint = outcome, complaint

    def miss_if_over(self, today: date) -> bool:
        """The week ended without a call: missed (for engineering statistics' figures)."""
        if self.status == CallbackStatus.SCHEDULED and today > self.due_on:
            self.status = CallbackStatus.MISSED
            return True
        return False
