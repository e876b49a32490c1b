"""The dashboard's figures (api.md "Dashboard"): who may read them, over which period, how they add up.

Money is kept in fen (integer cents) so that sums are exact on every database; it is shown as
yuan strings. Days are store-local calendar days: an event counts for the local date of the
moment it happened (R01).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from shared.clock import DEFAULT_TIMEZONE
from shared.errors import Forbidden, InvalidInput
from shared.money import money_str

#: R01: the roles that read the dashboard; the first two see every store of their tenant.
READERS = ("hq", "general_manager", "studio_manager")
ALL_STORES = frozenset({"hq", "general_manager"})
#: R02: the longest period one answer covers (five years of days, leap days included).
MAX_PERIOD = timedelta(days=5 * 366)
#: K07: the last step of the construction sequence; its completion ends the project's works.
LAST_STEP = "fixtures"
#: F01: the payment status that counts as money received (in transit waits for finance).
RECEIVED = "received"


def local_day(moment: datetime, tz_name: str = DEFAULT_TIMEZONE) -> date:
    """R01: the store-local calendar day of an instant (23:30 in Beijing is that day, not UTC's)."""
    return moment.astimezone(ZoneInfo(tz_name)).date()


def to_fen(amount: Decimal) -> int:
    """An amount in yuan as whole fen."""
    return int((amount * 100).to_integral_value())


def yuan(fen: int) -> str:
    """Fen shown as a yuan string with two decimals."""
    return money_str(Decimal(fen) / 100)


def check_may_read(roles: Iterable[str]) -> bool:
    """R01: raise 403 unless the caller reads dashboards; True when it sees every store."""
    held = frozenset(roles)
    if not held & frozenset(READERS):
        raise Forbidden("only hq, the general manager and studio managers read the dashboard", rule="R01")
    return bool(held & ALL_STORES)


def parse_day(text: str, *, field: str) -> date:
    """R02: a calendar day written YYYY-MM-DD (2026-02-30 is none)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{field} must be a calendar day written YYYY-MM-DD", rule="R02", field=field) from None


def check_period(start: date, end: date) -> None:
    """R02: ``from`` on or before ``to``, and at most five years apart."""
    if start > end:
        raise InvalidInput("from must be on or before to", rule="R02", field="from")
    if end - start > MAX_PERIOD:
        raise InvalidInput("a dashboard period spans at most five years", rule="R02", field="to")


@dataclass
class Figures:
    """One store's (or the total's) figures: counts of the period, balances at its end."""

    leads: int = 0
    contracts_signed: int = 0
    contract_value_fen: int = 0
    received_fen: int = 0
    #: Balances as of the period's last day: value signed minus money received so far, projects
    #: opened and not finished, complaints recorded and not resolved.
    outstanding_fen: int = 0
    projects_in_progress: int = 0
    complaints_open: int = 0

    def add(self, other: Figures) -> None:
        """Add another store's figures (the total)."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def as_answer(self) -> dict[str, object]:
        """The api.md form: counts as numbers, money as strings."""
        return {
            "leads": self.leads, "contracts_signed": self.contracts_signed,
            "contract_value": yuan(self.contract_value_fen), "received": yuan(self.received_fen),
            "outstanding": yuan(self.outstanding_fen), "projects_in_progress": self.projects_in_progress,
            "complaints_open": self.complaints_open,
        }
