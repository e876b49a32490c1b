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


class UploadDocument(Command):
    kind: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")
    filename: str = Field(min_length=1, max_length=255)
    content_type: str = Field(default="application/octet-stream", max_length=128)
    content_base64: str = Field(min_length=1)
