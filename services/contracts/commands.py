"""The contracts service's commands: what each use case accepts, validated at the entrypoint."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from shared.money import Money
from shared.validation import Command, exact_decimal

#: How many units of an item: up to 9 digits and 3 decimals, more than zero.
Quantity = exact_decimal(int_digits=9, places=3, gt=0)


class QuoteLine(Command):
    catalogue_code: str = Field(min_length=1, max_length=32)
    quantity: Quantity


class SpecialLine(Command):
    """An item outside the catalogue (C02): priced by the studio, approved by its manager."""

    name: str = Field(min_length=1, max_length=200)
    unit: str = Field(min_length=1, max_length=16)
    unit_price: Money
    quantity: Quantity


class CreateQuote(Command):
    lead_id: str = Field(min_length=1, max_length=36)
    items: list[QuoteLine] = Field(min_length=1, max_length=500)
    special_items: list[SpecialLine] = Field(default_factory=list, max_length=100)


class CreateContract(Command):
    lead_id: str = Field(min_length=1, max_length=36)
    quote_id: str = Field(min_length=1, max_length=36)
    market_party: bool = False


class AddAttachment(Command):
    kind: str = Field(min_length=1, max_length=64)
    document_id: str = Field(min_length=1, max_length=36)


class SignContract(Command):
    customer_signature: dict[str, Any]
    cost_notice_acknowledged: bool = False


class AllotDocument(Command):
    """Ask for a document id and storage key before the gateway streams the file (no bytes here).

    The document belongs to the store of ``contract_id`` or ``lead_id`` when one is named, else to
    ``store``, else to the uploader's only store.
    """

    kind: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")
    filename: str = Field(min_length=1, max_length=255)
    content_type: str = Field(min_length=1, max_length=128)
    store: str | None = Field(default=None, pattern=r"^[A-Z]$")
    contract_id: str | None = Field(default=None, min_length=1, max_length=36)
    lead_id: str | None = Field(default=None, min_length=1, max_length=36)


class RecordDocument(Command):
    """The gateway's report of what it stored under an allotted key: size and SHA-256, never the bytes."""

    size: int = Field(ge=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
