"""The finance service's commands: what each use case accepts, validated at the entrypoint."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from shared.money import Money
from shared.validation import Command, exact_decimal

#: A share of a total, "0.60" (at most 4 decimals), more than 0 and at most 1.
Ratio = exact_decimal(int_digits=1, places=4, gt=0, le=1)


class RecordPayment(Command):
    """收款: money for one installment (or the deposit) of a contract (F01, F02, F07)."""

    contract_id: str = Field(min_length=1, max_length=36)
    kind: Literal["deposit", "first", "midterm", "final"]
    amount: Money
    method: Literal["cash", "bank_transfer", "card", "wechat", "alipay"]
    note: str | None = Field(default=None, max_length=500)


class SetFinancePolicy(Command):
    """A tenant's share of the contract total due at signing, as a decimal string ("0.60")."""

    first_installment_ratio: Ratio
