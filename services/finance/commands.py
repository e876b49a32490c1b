"""The finance service's commands: what each use case accepts, validated at the entrypoint."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field, field_validator

from shared.money import parse_money
from shared.validation import Command


class RecordPayment(Command):
    """收款: money for one installment (or the deposit) of a contract (F01, F02, F07)."""

    contract_id: str = Field(min_length=1, max_length=36)
    kind: Literal["deposit", "first", "midterm", "final"]
    amount: Decimal
    method: Literal["cash", "bank_transfer", "card", "wechat", "alipay"]
    note: str | None = Field(default=None, max_length=500)

    @field_validator("amount", mode="before")
    @classmethod
    def _money(cls, v: Any) -> Decimal:
        # F07: a float is refused here, before pydantic could coerce it.
        return parse_money(v, field="amount")


class SetFinancePolicy(Command):
    """A tenant's share of the contract total due at signing, as a decimal string ("0.60")."""

    first_installment_ratio: Decimal = Field(gt=0, le=1, max_digits=5, decimal_places=4)

    @field_validator("first_installment_ratio", mode="before")
    @classmethod
    def _no_float(cls, v: Any) -> Any:
        if isinstance(v, float):
            raise ValueError("give the ratio as a decimal string such as \"0.60\"")
        return v
