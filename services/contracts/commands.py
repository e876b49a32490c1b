"""The contracts service's commands: every input of a use case, path parameters included.

The entrypoint validates the call's fields into the command (:mod:`shared.messaging.operations`).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from shared.clock import DEFAULT_TIMEZONE
from shared.money import Money
from shared.persistence.paging import PageQuery
from shared.structure import Structure
from shared.validation import Command, exact_decimal

Id = Field(min_length=1, max_length=36)
#: How many units of an item: up to 9 digits and 3 decimals, more than zero.
Quantity = exact_decimal(int_digits=9, places=3, gt=0)


class RegisterStore(Command):
    """Onboarding: a store code (one capital letter) and its time zone; the store's rules check both."""

    store: str
    timezone: str = DEFAULT_TIMEZONE


class SeedCatalogue(Command):
    """Onboarding: the starting price catalogue, once per tenant."""


class ListCatalogue(Command):
    """The tenant's price items."""


class QuoteLine(Command):
    catalogue_code: str = Field(min_length=1, max_length=32)
    quantity: Quantity
    #: What the item touches of the building (C03, Q09); most touch nothing.
    structure: Structure = Structure.NONE
    #: The authorities' permit the customer obtained, an uploaded document (C03: insulation walls).
    permit_document_id: str | None = Field(default=None, min_length=1, max_length=36)


class SpecialLine(Command):
    """An item outside the catalogue (C02): priced by the studio, approved by its manager."""

    name: str = Field(min_length=1, max_length=200)
    unit: str = Field(min_length=1, max_length=16)
    unit_price: Money
    quantity: Quantity
    structure: Structure = Structure.NONE
    permit_document_id: str | None = Field(default=None, min_length=1, max_length=36)


class CreateQuote(Command):
    lead_id: str = Field(min_length=1, max_length=36)
    items: list[QuoteLine] = Field(min_length=1, max_length=500)
    special_items: list[SpecialLine] = Field(default_factory=list, max_length=100)


class QuoteRef(Command):
    """One quote, by its id in the path."""

    quote_id: str = Id


class ApproveSpecialItem(QuoteRef):
    """The studio manager's approval of one special item, by its line number (C02)."""

    line: int = Field(ge=1, le=1000)


class CreateContract(Command):
    lead_id: str = Field(min_length=1, max_length=36)
    quote_id: str = Field(min_length=1, max_length=36)
    market_party: bool = False


class ListContracts(PageQuery):
    """Contracts of the caller's stores, narrowed to one store or status."""

    store: str | None = Field(default=None, max_length=8)
    status: Literal["draft", "signed", "cancelled"] | None = None


class ListQuotes(PageQuery):
    """Quotes of the caller's stores; ``special_items=pending``: the studio manager's approvals queue (C02)."""

    store: str | None = Field(default=None, max_length=8)
    status: Literal["draft", "issued"] | None = None
    special_items: Literal["pending"] | None = None


class ContractRef(Command):
    """One contract, by its id in the path."""

    contract_id: str = Id


class AddAttachment(Command):
    contract_id: str = Id
    kind: str = Field(min_length=1, max_length=64)
    document_id: str = Field(min_length=1, max_length=36)


class CancelContract(Command):
    """Drop a draft contract, saying why (客户放弃签约的原因)."""

    contract_id: str = Id
    reason: str = Field(min_length=1, max_length=200)


class SignContract(Command):
    contract_id: str = Id
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


class DocumentRef(Command):
    """One document, by its id."""

    document_id: str = Id


class RecordDocument(DocumentRef):
    """The gateway's report of what it stored under an allotted key: size and SHA-256, never the bytes."""

    size: int = Field(ge=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
