"""What the contracts service answers: one model per result, built from the aggregate.

Money and quantities are decimal strings (F07); times are ISO 8601 with their offset, as
``datetime.isoformat`` writes them.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from services.contracts.domain.document import Document
from services.contracts.domain.model import Attachment, Contract, ContractStatus
from services.contracts.domain.quote import Approval, Quote, QuoteLine, QuoteStatus
from services.contracts.domain.store import CatalogueItem
from shared.money import money_str
from shared.persistence.paging import Page
from shared.structure import Structure
from shared.wire import Instant

#: ``+00:00`` rather than pydantic's ``Z``: the answers keep the form they always had.


class StoreRegistered(BaseModel):
    store: str
    timezone: str


class CatalogueSeeded(BaseModel):
    #: How many items were added: 0 when the tenant already had a catalogue.
    seeded: int


class CatalogueItemRead(BaseModel):
    code: str
    name: str
    unit: str
    unit_price: str
    trade: str

    @classmethod
    def of(cls, item: CatalogueItem) -> CatalogueItemRead:
        return cls(code=item.code, name=item.name, unit=item.unit, unit_price=money_str(item.unit_price),
                   trade=item.trade)


class CatalogueRead(BaseModel):
    items: list[CatalogueItemRead]


class DocumentAllotted(BaseModel):
    id: str
    storage_key: str
    store: str


class DocumentRead(BaseModel):
    id: str
    kind: str
    filename: str
    content_type: str
    sha256: str
    size: int
    store: str | None
    lead_id: str | None
    contract_id: str | None
    created_at: Instant

    @classmethod
    def of(cls, d: Document) -> DocumentRead:
        return cls(id=d.id, kind=d.kind, filename=d.filename, content_type=d.content_type, sha256=d.sha256,
                   size=d.size, store=d.store, lead_id=d.lead_id, contract_id=d.contract_id,
                   created_at=d.created_at)


class DocumentContent(DocumentRead):
    """A document's record with where its bytes are: for the gateway's download, never public."""

    storage_key: str

    @classmethod
    def of(cls, d: Document) -> DocumentContent:
        return cls(**DocumentRead.of(d).model_dump(), storage_key=d.storage_key)


class DocumentAbandoned(BaseModel):
    id: str
    abandoned: bool


class QuoteLineRead(BaseModel):
    line: int
    catalogue_code: str | None
    name: str
    unit: str
    unit_price: str
    quantity: str
    amount: str
    special: bool
    approval: Approval
    structure: Structure
    permit_document_id: str | None

    @classmethod
    def of(cls, ln: QuoteLine) -> QuoteLineRead:
        return cls(line=ln.line, catalogue_code=ln.catalogue_code, name=ln.name, unit=ln.unit,
                   unit_price=money_str(ln.unit_price), quantity=f"{ln.quantity.normalize():f}",
                   amount=money_str(ln.amount), special=ln.special, approval=ln.approval,
                   structure=Structure(ln.structure), permit_document_id=ln.permit_document_id)


class QuoteRead(BaseModel):
    id: str
    lead_id: str
    store: str
    status: QuoteStatus
    total: str
    issued_at: Instant | None
    items: list[QuoteLineRead]

    @classmethod
    def of(cls, q: Quote) -> QuoteRead:
        return cls(id=q.id, lead_id=q.lead_id, store=q.store, status=q.status, total=money_str(q.total),
                   issued_at=q.issued_at, items=[QuoteLineRead.of(ln) for ln in q.lines])


class AttachmentRead(BaseModel):
    id: str
    kind: str
    document_id: str

    @classmethod
    def of(cls, a: Attachment) -> AttachmentRead:
        return cls(id=a.id, kind=a.kind, document_id=a.document_id)


class AttachmentAdded(BaseModel):
    id: str
    contract_id: str
    kind: str
    document_id: str


class ContractRead(BaseModel):
    id: str
    lead_id: str
    quote_id: str
    store: str
    status: ContractStatus
    number: str | None
    total: str
    market_party: bool
    #: C06: two copies, three with a market party.
    copies: int
    signed_at: Instant | None
    signed_on: date | None
    cost_notice_acknowledged: bool
    attachments: list[AttachmentRead]
    #: C01: the attachment kinds still needed before signing.
    missing_attachments: list[str]

    @classmethod
    def of(cls, c: Contract) -> ContractRead:
        return cls(id=c.id, lead_id=c.lead_id, quote_id=c.quote_id, store=c.store, status=c.status,
                   number=c.number, total=money_str(c.total), market_party=c.market_party, copies=c.copies,
                   signed_at=c.signed_at, signed_on=c.signed_on, cost_notice_acknowledged=c.cost_notice_acknowledged,
                   attachments=[AttachmentRead.of(a) for a in c.attachments],
                   missing_attachments=c.missing_attachments)


ContractPage = Page[ContractRead]
QuotePage = Page[QuoteRead]
