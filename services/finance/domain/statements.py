"""F05: the previous day's receipts statement (《工程款收支明细表》) and signing statistics
(《签单统计表》), as rows and totals.

Produced every day before 10:00 store time, once per store and day, for the roles F05 names, and
on demand for any past day. The signing statistics are finance's: every signed contract opens
its payment plan here (C07), with its number, customer, total and signing day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from shared.errors import RuleViolation

RECEIPTS = "receipts"
TITLE = "工程款收支明细表"
#: F05: before 10:00 store time, to the general manager and engineering statistics.
DUE_HOUR = 10
RECIPIENTS = ("general_manager", "engineering_stats")
READERS = ("general_manager", "engineering_stats", "finance", "hq", "tenant_admin")
HEADER = ("日期", "合同编号", "客户", "款项", "金额(元)", "方式", "状态", "收款人", "确认人")
SIGNINGS = "signings"
SIGNINGS_TITLE = "签单统计表"
#: F05: marketing's signing statistics go to the general manager, finance and engineering.
SIGNINGS_RECIPIENTS = ("general_manager", "finance", "engineering_stats")
SIGNINGS_HEADER = ("签单日期", "合同编号", "客户", "合同金额(元)", "首期款比例")
KIND_NAMES = {"deposit": "订金", "first": "首期款", "midterm": "中期款", "final": "尾款"}


@dataclass(frozen=True)
class Line:
    received_on: date
    number: str
    customer: str
    kind: str
    amount: Decimal
    method: str
    status: str
    received_by: str
    confirmed_by: str | None

    def cells(self) -> tuple[object, ...]:
        return (self.received_on.isoformat(), self.number, self.customer, KIND_NAMES.get(self.kind, self.kind),
                f"{self.amount:.2f}", self.method, self.status, self.received_by, self.confirmed_by or "")


@dataclass(frozen=True)
class Signing:
    """One contract signed on the day (a line of 《签单统计表》)."""

    signed_on: date
    number: str
    customer: str
    total: Decimal
    first_installment_ratio: Decimal

    def cells(self) -> tuple[object, ...]:
        return (self.signed_on.isoformat(), self.number, self.customer, f"{self.total:.2f}",
                f"{self.first_installment_ratio * 100:.0f}%")


def signing_totals(lines: Iterable[Signing]) -> tuple[int, Decimal]:
    """How many contracts were signed, and their value."""
    signed = list(lines)
    return len(signed), sum((s.total for s in signed), Decimal("0"))


def signing_footer(count: int, value: Decimal) -> list[tuple[object, ...]]:
    return [("合计", f"{count} 单", "", f"{value:.2f}")]


def totals(lines: Iterable[Line]) -> dict[str, Decimal]:
    """Money per kind, and ``total``."""
    sums: dict[str, Decimal] = {}
    for line in lines:
        sums[line.kind] = sums.get(line.kind, Decimal("0")) + line.amount
    sums["total"] = sum(sums.values(), Decimal("0"))
    return sums


def check_past(period: date, today: date) -> None:
    """A statement covers a day that is over (store time)."""
    if period >= today:
        raise RuleViolation("a statement covers a past day", rule="F05", field="on")


def footer(sums: Mapping[str, Decimal]) -> list[tuple[object, ...]]:
    return [("合计", KIND_NAMES.get(k, "总计"), f"{v:.2f}") for k, v in sums.items()]


class Statement:
    """A statement produced for a store and a period, once (F05)."""

    pdf_document_id: str | None

    def __init__(self, *, kind: str, store: str, period: date, document_id: str, produced_at: datetime,
                 pdf_document_id: str | None = None) -> None:
        self.kind, self.store, self.period, self.document_id, self.produced_at = (kind, store, period, document_id,
                                                                                 produced_at)
        self.pdf_document_id = pdf_document_id
