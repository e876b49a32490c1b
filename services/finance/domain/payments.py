"""Who may take construction money (rule F01) and the life of a payment."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from shared.errors import Conflict, Forbidden, InvalidInput

#: Finance staff (财务部, and 收款员 collecting on site) and the studio manager's assistant (F01).
RECEIVERS = ("finance", "cashier", "studio_assistant")
#: Only finance confirms that money taken elsewhere has arrived (F01).
CONFIRMERS = ("finance",)

PAYMENT_KINDS: dict[str, str] = {"deposit": "订金", "first": "首期款", "midterm": "中期款", "final": "尾款"}
METHODS = ("cash", "bank_transfer", "card", "wechat", "alipay")


class PaymentStatus(StrEnum):
    """Money finance has (received), or money taken elsewhere that finance has yet to confirm."""

    RECEIVED = "received"
    IN_TRANSIT = "in_transit"


RECEIVED, IN_TRANSIT = PaymentStatus.RECEIVED, PaymentStatus.IN_TRANSIT
#: Statuses whose money counts as paid on the plan: only what finance has (F01).
COUNTED = (RECEIVED,)
#: Statuses whose money is taken: what the installment's limit counts, so money in transit is
#: never collected twice while finance has yet to confirm it (F02).
TAKEN = (RECEIVED, IN_TRANSIT)


def check_may_receive(roles: Iterable[str]) -> None:
    """F01: the API refuses any role other than finance staff and the studio manager's assistant."""
    if not set(roles) & set(RECEIVERS):
        raise Forbidden("only finance staff and the studio manager's assistant may receive payments",
                        rule="F01")


def check_idempotency_key(key: str | None) -> None:
    """F07: every payment request carries an ``Idempotency-Key``, so a retry never takes money twice."""
    if not key:
        raise InvalidInput("recording a payment needs an Idempotency-Key header (one per payment form)",
                           rule="F07", field="Idempotency-Key")


def initial_status(roles: Iterable[str]) -> PaymentStatus:
    """F01: money taken by finance is received; by anyone else it is in transit until confirmed."""
    return RECEIVED if "finance" in set(roles) else IN_TRANSIT


def check_confirmable(status: str) -> None:
    """Only a payment in transit can be confirmed, once."""
    if status != IN_TRANSIT:
        raise Conflict(f"the payment is {status}, not in transit", rule="F01", field="status")
