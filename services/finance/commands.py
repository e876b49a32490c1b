"""The finance service's commands: every input of a use case, path parameters included, validated at the entrypoint."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field, field_validator

from shared.money import Money
from shared.persistence.paging import PageQuery
from shared.validation import Command, exact_decimal

#: A share of a total, "0.60" (at most 4 decimals), more than 0 and at most 1.
Ratio = exact_decimal(int_digits=1, places=4, gt=0, le=1)
#: A contract id given in a body or a query: what the contracts service issues.
ContractId = Field(min_length=1, max_length=36)
#: An id in the URL: one no record has is simply not found (404), as it always was, so only the
#: gateway's own bound on a path applies here, not the 36 characters of an issued id.
PathId = Field(min_length=1, max_length=200)


class RecordPayment(Command):
    """收款: money for one installment (or the deposit) of a contract (F01, F02, F07)."""

    contract_id: str = ContractId
    kind: Literal["deposit", "first", "midterm", "final"]
    amount: Money
    method: Literal["cash", "bank_transfer", "card", "wechat", "alipay"]
    note: str | None = Field(default=None, max_length=500)


class SetFinancePolicy(Command):
    """A tenant's share of the contract total due at signing, as a decimal string ("0.60")."""

    first_installment_ratio: Ratio


class GetPaymentPlan(Command):
    contract_id: str = PathId


class ConfirmPayment(Command):
    payment_id: str = PathId


class ListPayments(PageQuery):
    """Payments a page at a time: of one contract, a store, a status, a store-local day."""

    contract_id: str | None = Field(default=None, min_length=1, max_length=36)
    store: str | None = Field(default=None, pattern=r"^[A-Z]$")
    status: Literal["received", "in_transit"] | None = None
    #: A store-local day, ``YYYY-MM-DD``: a string here, as the query string gives it, checked to be a date.
    received_on: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")

    @field_validator("received_on")
    @classmethod
    def _a_real_day(cls, value: str | None) -> str | None:
        if value is not None:
            date.fromisoformat(value)  # ValueError (400) for 2025-02-30
        return value

    def day(self) -> date | None:
        """``received_on`` as a date."""
        return date.fromisoformat(self.received_on) if self.received_on else None


class SignPaymentNotice(Command):
    """F03: the customer's signature on an installment's payment notice."""

    contract_id: str = PathId
    kind: Literal["midterm", "final"]
    customer_signature: dict[str, Any]


class DocumentRef(Command):
    """One document finance rendered, by its id."""

    document_id: str = PathId


class GetReceiptsStatement(Command):
    """F05 on demand: the receipts statement of a store for a past store-local day."""

    on: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    store: str | None = Field(default=None, pattern=r"^[A-Z]$")

    @field_validator("on")
    @classmethod
    def _a_real_day(cls, value: str) -> str:
        date.fromisoformat(value)  # ValueError (400) for 2025-02-30
        return value

    def day(self) -> date:
        return date.fromisoformat(self.on)


class GetSigningStatement(GetReceiptsStatement):
    """F05 on demand: the signing statistics (《签单统计表》) of a store for a past store-local day."""


class RegisterCrewMember(Command):
    """F08: a person of a crew who may draw material money, with their photo (a data URL) or later."""

    store: str = Field(pattern=r"^[A-Z]$")
    crew: str = Field(min_length=1, max_length=100)
    name: str = Field(min_length=1, max_length=100)
    phone: str | None = Field(default=None, pattern=r"^[0-9+\- ]{5,32}$")
    #: Checked by the use case (F08): a PNG, JPEG or WebP as a base64 data URL.
    photo: str | None = Field(default=None, max_length=4 * 1024 * 1024)


class FileCrewPhoto(Command):
    """F08: the photo finance keeps on file for a crew member (replacing any earlier one)."""

    crew_member_id: str = PathId
    photo: str = Field(max_length=4 * 1024 * 1024)


class GetCrewMember(Command):
    crew_member_id: str = PathId


class DrawMaterialMoney(Command):
    """施工队领材料款 (F08, F07): money a registered crew member draws for materials."""

    crew_member_id: str = Field(min_length=1, max_length=36)
    amount: Money
    contract_id: str | None = Field(default=None, min_length=1, max_length=36)
    note: str | None = Field(default=None, max_length=500)
