"""S04: the weekly customer resource statistics (《客户资源统计表》) of a store, from the read model.

Every Monday the platform produces the previous week's statistics (Monday to Sunday, store-local
days) of every store for the general manager, once per store and week, and on demand for any
past week. Their lines are the store's days: receptions registered in the customer resource
register (S04's leads), contracts signed and their value, the week's totals and its signing rate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from services.reporting.domain.figures import yuan
from shared.errors import Forbidden, InvalidInput, RuleViolation

CUSTOMER_RESOURCES = "customer_resources"
TITLE = "客户资源统计表"
#: S04: the statistics are for the general manager.
RECIPIENTS = ("general_manager",)
#: Who may read them: the general manager and hq (every store), a studio manager their own store.
READERS = ("general_manager", "hq", "studio_manager")
HEADER = ("日期", "星期", "登记客户", "签单数", "签单金额(元)")
WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


@dataclass(frozen=True)
class Day:
    """A store's day in the week: leads registered, contracts signed and their value in fen."""

    day: date
    leads: int = 0
    contracts_signed: int = 0
    contract_value_fen: int = 0

    def cells(self) -> tuple[object, ...]:
        return (self.day.isoformat(), f"星期{WEEKDAYS[self.day.weekday()]}", self.leads, self.contracts_signed,
                yuan(self.contract_value_fen))


@dataclass(frozen=True)
class Week:
    """The seven days of a store's week, Monday first, and their totals."""

    monday: date
    days: tuple[Day, ...]

    @classmethod
    def of(cls, monday: date, found: Mapping[date, Day]) -> Week:
        return cls(monday, tuple(found.get(d, Day(d)) for d in days_of(monday)))

    @property
    def leads(self) -> int:
        return sum(d.leads for d in self.days)

    @property
    def contracts_signed(self) -> int:
        return sum(d.contracts_signed for d in self.days)

    @property
    def contract_value_fen(self) -> int:
        return sum(d.contract_value_fen for d in self.days)

    def signing_rate(self) -> str:
        """Contracts signed per lead registered, as a percentage (a week without leads shows —)."""
        if not self.leads:
            return "—"
        return f"{Decimal(self.contracts_signed * 100) / self.leads:.1f}%"

    def footer(self) -> list[tuple[object, ...]]:
        return [("合计", "", self.leads, self.contracts_signed, yuan(self.contract_value_fen)),
                ("签单率", "", self.signing_rate(), "", "")]


def days_of(monday: date) -> list[date]:
    return [monday + timedelta(days=i) for i in range(7)]


def last_full_week(today: date) -> date:
    """The Monday of the last week that is over by ``today`` (store-local): on a Monday, last week."""
    return today - timedelta(days=today.weekday() + 7)


def parse_week(text: str) -> date:
    """S04: a week is named by its Monday, written YYYY-MM-DD."""
    try:
        monday = date.fromisoformat(text)
    except ValueError:
        raise InvalidInput("week must be a Monday written YYYY-MM-DD", rule="S04", field="week") from None
    if monday.weekday() != 0:
        raise InvalidInput("a week is named by its Monday", rule="S04", field="week")
    return monday


def check_over(monday: date, today: date) -> None:
    """S04: statistics cover a week that is over (its Sunday before today, store-local)."""
    if monday + timedelta(days=7) > today:
        raise RuleViolation("the statistics cover a week that is over", rule="S04", field="week")


def check_may_read(roles: Iterable[str]) -> bool:
    """S04: raise 403 unless the caller reads the statistics; True when it sees every store."""
    held = frozenset(roles)
    if not held & frozenset(READERS):
        raise Forbidden("only the general manager, hq and studio managers read the customer resource statistics",
                        rule="S04")
    return bool(held & {"general_manager", "hq"})


@dataclass
class Statement:
    """A statement produced for a store and period, once: its XLSX and PDF documents."""

    kind: str
    store: str
    period: date
    document_id: str
    pdf_document_id: str
    produced_at: datetime


@dataclass
class ReportDocument:
    """One file of a statement in the document store."""

    id: str
    store: str
    kind: str
    storage_key: str
    content_type: str
    sha256: str
    size: int
    created_at: datetime
