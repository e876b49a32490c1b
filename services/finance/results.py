"""What the finance service answers: one model per result, built from the aggregates.

Money is a two-decimal string (F07) and a timestamp its ISO 8601 form with the ``+00:00``
offset, exactly as the API has always answered them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from pydantic import BaseModel

from services.finance.domain.crew import CrewMember, MaterialDraw
from services.finance.domain.model import ZERO, FinancePolicy, Installment, Payment, PaymentPlan
from services.finance.domain.notices import FinanceDocument
from services.finance.domain.plan import NOTICES
from services.finance.domain.statements import Line, Signing, Statement, signing_totals, totals
from shared.documents.xlsx import XLSX
from shared.money import money_str
from shared.persistence.paging import Page
from shared.wire import Instant

#: pydantic would write UTC as ``Z``; the API has always written ``+00:00``.


def _money(amount: Decimal | None) -> str | None:
    return money_str(amount) if amount is not None else None


def _ratio(ratio: Decimal) -> str:
    return f"{ratio.normalize():f}"


class FinancePolicyRead(BaseModel):
    first_installment_ratio: str

    @classmethod
    def of(cls, policy: FinancePolicy) -> FinancePolicyRead:
        return cls(first_installment_ratio=_ratio(policy.first_installment_ratio))


class NoticeRead(BaseModel):
    """An installment's payment notice (F03, F04): its PDF once rendered, the customer's signing."""

    kind: str
    title: str
    issued_on: date
    due_on: date | None
    document_id: str | None
    signed_by: str | None
    signed_at: Instant | None

    @classmethod
    def of(cls, i: Installment) -> NoticeRead | None:
        if i.notice_issued_on is None:
            return None
        return cls(kind=i.kind, title=f"《{NOTICES[i.kind]}》", issued_on=i.notice_issued_on, due_on=i.due_on,
                   document_id=i.notice_document_id, signed_by=i.notice_signed_by, signed_at=i.notice_signed_at)


class InstallmentRead(BaseModel):
    kind: str
    name: str
    amount: str | None
    due_on: date | None
    status: str
    paid: str
    in_transit: str
    outstanding: str | None
    notice: NoticeRead | None


class PlanTotals(BaseModel):
    contract_total: str
    scheduled: str
    paid: str
    outstanding: str
    deposits: str


class PaymentPlanRead(BaseModel):
    contract_id: str
    number: str
    store: str
    customer_name: str
    signed_on: date
    first_installment_ratio: str
    installments: list[InstallmentRead]
    totals: PlanTotals

    @classmethod
    def of(cls, plan: PaymentPlan, paid: Mapping[str, Decimal],
           in_transit: Mapping[str, Decimal] | None = None) -> PaymentPlanRead:
        """The plan with what is paid on each installment (``paid``: confirmed money per kind, F01;
        ``in_transit``: money taken that finance has yet to confirm)."""
        moving = in_transit or {}
        installments = [
            InstallmentRead(kind=i.kind, name=i.name, amount=_money(i.amount), due_on=i.due_on, status=i.status,
                            paid=money_str(paid.get(i.kind, ZERO)), in_transit=money_str(moving.get(i.kind, ZERO)),
                            outstanding=_money(i.amount - paid.get(i.kind, ZERO) if i.amount is not None else None),
                            notice=NoticeRead.of(i))
            for i in plan.installments
        ]
        totals = PlanTotals(**{name: money_str(amount) for name, amount in plan.totals(paid).items()})
        return cls(contract_id=plan.contract_id, number=plan.number, store=plan.store,
                   customer_name=plan.customer_name, signed_on=plan.signed_on,
                   first_installment_ratio=_ratio(plan.first_installment_ratio),
                   installments=installments, totals=totals)


class PaymentRead(BaseModel):
    id: str
    contract_id: str
    store: str
    kind: str
    amount: str
    method: str
    note: str | None
    status: str
    received_by: str
    received_at: Instant
    received_on: date | None
    confirmed_by: str | None
    confirmed_at: Instant | None

    @classmethod
    def of(cls, p: Payment) -> PaymentRead:
        return cls(id=p.id, contract_id=p.contract_id, store=p.store, kind=p.kind, amount=money_str(p.amount),
                   method=p.method, note=p.note, status=p.status, received_by=p.received_by,
                   received_at=p.received_at, received_on=p.received_on, confirmed_by=p.confirmed_by,
                   confirmed_at=p.confirmed_at)


PaymentPage = Page[PaymentRead]


#: The files finance keeps: statements (XLSX, PDF), signed notices (PDF), crew photos (F08).
CONTENT_TYPES = {"xlsx": XLSX, "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg",
                 "webp": "image/webp"}


class DocumentContent(BaseModel):
    """Where a rendered PDF is, for the gateway's download (never public): as contracts answers it."""

    id: str
    kind: str
    filename: str
    content_type: str
    sha256: str
    size: int
    store: str | None
    contract_id: str | None
    created_at: Instant
    storage_key: str

    @classmethod
    def of(cls, d: FinanceDocument) -> DocumentContent:
        extension = d.storage_key.rsplit(".", 1)[-1]
        return cls(id=d.id, kind=d.form_type, filename=f"{d.form_type}-{d.id}.{extension}",
                   content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
                   sha256=d.sha256, size=d.size, store=d.store, contract_id=d.contract_id, created_at=d.created_at,
                   storage_key=d.storage_key)


class StatementLineRead(BaseModel):
    received_on: date
    number: str
    kind: str
    amount: str
    method: str
    status: str
    received_by: str
    confirmed_by: str | None


class StatementRead(BaseModel):
    """F05: a statement of a store and day, its lines and totals, and its XLSX document."""

    kind: str
    store: str
    period: date
    document_id: str
    produced_at: Instant
    lines: list[StatementLineRead]
    totals: dict[str, str]
    pdf_document_id: str | None = None

    @classmethod
    def of(cls, s: Statement, lines: list[Line]) -> StatementRead:
        return cls(kind=s.kind, store=s.store, period=s.period, document_id=s.document_id, produced_at=s.produced_at,
                   pdf_document_id=s.pdf_document_id,
                   lines=[StatementLineRead(received_on=ln.received_on, number=ln.number, kind=ln.kind,
                                            amount=money_str(ln.amount), method=ln.method, status=ln.status,
                                            received_by=ln.received_by, confirmed_by=ln.confirmed_by) for ln in lines],
                   totals={k: money_str(v) for k, v in totals(lines).items()})


class SigningLineRead(BaseModel):
    signed_on: date
    number: str
    customer: str
    total: str


class SigningStatementRead(BaseModel):
    """F05: a store's signing statistics of a day, its contracts and totals, as XLSX and PDF documents."""

    kind: str
    store: str
    period: date
    document_id: str
    pdf_document_id: str | None
    produced_at: Instant
    lines: list[SigningLineRead]
    contracts: int
    value: str

    @classmethod
    def of(cls, s: Statement, lines: list[Signing]) -> SigningStatementRead:
        count, value = signing_totals(lines)
        return cls(kind=s.kind, store=s.store, period=s.period, document_id=s.document_id,
                   pdf_document_id=s.pdf_document_id, produced_at=s.produced_at, contracts=count,
                   value=money_str(value),
                   lines=[SigningLineRead(signed_on=ln.signed_on, number=ln.number, customer=ln.customer,
                                          total=money_str(ln.total)) for ln in lines])


class MaterialDrawRead(BaseModel):
    """F08: a draw of material money, with the photo of the person that was on file."""

    id: str
    store: str
    crew_member_id: str
    crew: str
    drawn_by: str
    photo_document_id: str
    amount: str
    contract_id: str | None
    note: str | None
    paid_by: str
    paid_at: Instant

    @classmethod
    def of(cls, d: MaterialDraw) -> MaterialDrawRead:
        return cls(id=d.id, store=d.store, crew_member_id=d.crew_member_id, crew=d.crew, drawn_by=d.drawn_by,
                   photo_document_id=d.photo_document_id, amount=money_str(d.amount), contract_id=d.contract_id,
                   note=d.note, paid_by=d.paid_by, paid_at=d.paid_at)


class CrewMemberRead(BaseModel):
    """F08: a person who may draw material money; ``has_photo`` says whether they may draw now."""

    id: str
    store: str
    crew: str
    name: str
    phone: str | None
    photo_document_id: str | None
    has_photo: bool
    registered_at: Instant
    draws: list[MaterialDrawRead]

    @classmethod
    def of(cls, m: CrewMember, draws: list[MaterialDraw]) -> CrewMemberRead:
        return cls(id=m.id, store=m.store, crew=m.crew, name=m.name, phone=m.phone,
                   photo_document_id=m.photo_document_id, has_photo=m.photo_document_id is not None,
                   registered_at=m.registered_at, draws=[MaterialDrawRead.of(d) for d in draws])
