"""The payment plan of a contract (rule F02): installments, their amounts and their status.

首期款 (first) is due on the signing day; 中期款 (midterm) and 尾款 (final) get their amounts from
the signed mid-term and completion settlements, so until then they have none and stay pending.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from shared.errors import Conflict, InvalidInput, RuleViolation
from shared.money import money_str, quantize

#: The share of the contract total due at signing unless the tenant set its own (F02).
DEFAULT_FIRST_INSTALLMENT_RATIO = Decimal("0.60")

#: Installment kinds in the order they fall due, with their display names.
INSTALLMENTS: dict[str, str] = {"first": "首期款", "midterm": "中期款", "final": "尾款"}


class InstallmentStatus(StrEnum):
    """Where one installment stands: no amount yet, due, partly or fully paid."""

    PENDING = "pending"
    DUE = "due"
    PARTLY_PAID = "partly_paid"
    PAID = "paid"


PENDING, DUE, PARTLY_PAID, PAID = (InstallmentStatus.PENDING, InstallmentStatus.DUE,
                                   InstallmentStatus.PARTLY_PAID, InstallmentStatus.PAID)


@dataclass(frozen=True)
class Scheduled:
    """One installment as scheduled: its amount is None until a signed document fixes it."""

    kind: str
    name: str
    amount: Decimal | None
    due_on: date | None
    status: InstallmentStatus


def check_ratio(ratio: Decimal) -> Decimal:
    """A first-installment ratio is a share of the total: above 0, at most 1."""
    if not Decimal("0") < ratio <= Decimal("1"):
        raise InvalidInput("the first-installment ratio must be above 0 and at most 1", rule="F02",
                           field="first_installment_ratio")
    return ratio


def open_schedule(total: Decimal, ratio: Decimal, signed_on: date) -> list[Scheduled]:
    """F02, C07: the first installment is due on the signing day; the others wait for settlements."""
    first = quantize(total * check_ratio(ratio))
    return [
        Scheduled("first", INSTALLMENTS["first"], first, signed_on, DUE),
        Scheduled("midterm", INSTALLMENTS["midterm"], None, None, PENDING),
        Scheduled("final", INSTALLMENTS["final"], None, None, PENDING),
    ]


def status_of(amount: Decimal | None, paid: Decimal) -> InstallmentStatus:
    """An installment's status from its amount and the money taken for it."""
    if amount is None:
        return PENDING
    if paid <= 0:
        return DUE
    return PAID if paid >= amount else PARTLY_PAID


def check_payable(kind: str, amount_due: Decimal | None, paid: Decimal, amount: Decimal) -> None:
    """F02: money goes only to an installment whose amount is fixed, and never beyond it."""
    if amount_due is None:
        raise Conflict(f"the {INSTALLMENTS[kind]} ({kind}) amount is not set yet: it comes from the signed "
                       "settlement", rule="F02", field="kind")
    outstanding = amount_due - paid
    if amount > outstanding:
        raise RuleViolation(f"{money_str(amount)} is more than the {money_str(outstanding)} outstanding "
                            f"on the {INSTALLMENTS[kind]} ({kind})", rule="F02", field="amount")


#: F03: the mid-term payment notice gives the customer these days from the settlement's signing
#: (the seed leaves the term to the notice; three days, as F04 gives for the final payment).
MIDTERM_DUE_DAYS = 3
#: F04: the final payment is due within 3 days of the completion acceptance's signing.
FINAL_DUE_DAYS = 3
#: The notices (交款通知书) of the installments that have one.
NOTICES: dict[str, str] = {"midterm": "中期交款通知书", "final": "尾期交款通知书"}


def midterm_due(signed_on: date, days: int = MIDTERM_DUE_DAYS) -> date:
    """F03: the day the mid-term money is due, ``days`` (the tenant's term) after the settlement's signing."""
    return signed_on + timedelta(days=days)


def final_due(accepted_on: date, days: int = FINAL_DUE_DAYS) -> date:
    """F04: the final payment is due ``days`` (3 unless the tenant says otherwise) after the acceptance."""
    return accepted_on + timedelta(days=days)


def check_settled_amount(kind: str, amount: Decimal) -> Decimal:
    """F02: a signed settlement's amount is positive money with at most two decimals."""
    if amount <= 0 or amount != quantize(amount):
        raise InvalidInput(f"the signed settlement gives the {INSTALLMENTS[kind]} as {amount}: not an amount",
                           rule="F02", field="amount")
    return amount


def overdue(amount: Decimal | None, due_on: date | None, status: str, today: date) -> bool:
    """F03: money with a due date, not fully paid (confirmed) by the end of that day."""
    return amount is not None and due_on is not None and status != PAID and today > due_on
