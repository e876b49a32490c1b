"""What the aftercare service answers: one model per result, built from the aggregates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from services.aftercare.domain.cards import AftercareDocument
from services.aftercare.domain.care import Holiday, Repair, RepairCost, Warranty
from services.aftercare.domain.complaints import SEVERITIES
from services.aftercare.domain.model import Complaint, CustomerArchive
from shared.clock import local_today
from shared.money import money_str
from shared.persistence.paging import Page
from shared.wire import Instant


class PassedOnTo(BaseModel):
    department: str | None
    person: str | None
    note: str | None


class ComplaintRead(BaseModel):
    """A complaint with its A06 overdue flags as of an instant; no customer personal data (A07)."""

    id: str
    contract_id: str
    store: str
    text: str
    customers_affected: int
    matter: str | None
    status: str
    validity: str | None
    severity: str | None
    severity_name: str | None
    received_by: str
    received_at: Instant
    pass_on_by: Instant
    answer_by: Instant
    pass_on_overdue: bool
    answer_overdue: bool
    classified_by: str | None
    classified_at: Instant | None
    passed_on_to: PassedOnTo | None
    passed_on_by: str | None
    passed_on_at: Instant | None
    answer: str | None
    answered_by: str | None
    answered_at: Instant | None
    escalated: bool
    escalated_at: Instant | None
    escalated_to: str | None
    escalation_reason: str | None
    resolution: str | None
    resolved_by: str | None
    resolved_at: Instant | None
    loss_or_injury: bool
    repeat_of: str | None
    resolve_by: Instant | None
    resolve_overdue: bool
    report_back_by: date | None
    report_back_overdue: bool
    callback_due_by: Instant | None
    called_back_at: Instant | None
    callback_note: str | None
    satisfied: bool | None

    @classmethod
    def of(cls, c: Complaint, now: datetime) -> ComplaintRead:
        passed_on_to = PassedOnTo(department=c.passed_on_to_department, person=c.passed_on_to_person,
                                  note=c.pass_on_note) if c.passed_on_at else None
        return cls(
            id=c.id, contract_id=c.contract_id, store=c.store, text=c.text, customers_affected=c.customers_affected,
            matter=c.matter, status=c.status, validity=c.validity, severity=c.severity,
            severity_name=SEVERITIES.get(c.severity or ""), received_by=c.received_by, received_at=c.received_at,
            pass_on_by=c.pass_on_by, answer_by=c.answer_by, pass_on_overdue=c.pass_on_overdue(now),
            answer_overdue=c.answer_overdue(now), classified_by=c.classified_by, classified_at=c.classified_at,
            passed_on_to=passed_on_to, passed_on_by=c.passed_on_by, passed_on_at=c.passed_on_at, answer=c.answer,
            answered_by=c.answered_by, answered_at=c.answered_at, escalated=c.escalated,
            escalated_at=c.escalated_at, escalated_to=c.escalated_to, escalation_reason=c.escalation_reason,
            resolution=c.resolution, resolved_by=c.resolved_by, resolved_at=c.resolved_at,
            loss_or_injury=bool(c.loss_or_injury), repeat_of=c.repeat_of, resolve_by=c.resolve_by,
            resolve_overdue=c.resolve_overdue(now), report_back_by=c.report_back_by,
            report_back_overdue=c.report_back_overdue(local_today(now=now)), callback_due_by=c.callback_due_by,
            called_back_at=c.called_back_at, callback_note=c.callback_note, satisfied=c.satisfied,
        )


class CustomerArchiveRead(BaseModel):
    """《客户档案表》 with the complaint records that go with it (A02, A06)."""

    contract_id: str
    number: str
    store: str
    customer_name: str
    address: str
    designer: str
    signed_on: date
    opened_at: Instant
    complaints: list[ComplaintRead]

    @classmethod
    def of(cls, a: CustomerArchive, complaints: Iterable[Complaint], now: datetime) -> CustomerArchiveRead:
        return cls(contract_id=a.contract_id, number=a.number, store=a.store, customer_name=a.customer_name,
                   address=a.address, designer=a.designer, signed_on=a.signed_on, opened_at=a.opened_at,
                   complaints=[ComplaintRead.of(c, now) for c in complaints])


ComplaintPage = Page[ComplaintRead]


class CoverageRead(BaseModel):
    scope: str
    ends_on: date


class WarrantyCallbackRead(BaseModel):
    seq: int
    due_on: date
    done_at: Instant | None
    done_by: str | None
    note: str | None


class WarrantyRead(BaseModel):
    """保修卡 (A01) with its coverage and the A03 quarterly callbacks."""

    contract_id: str
    store: str
    starts_on: date
    issued_on: date
    document_id: str | None
    coverage: list[CoverageRead]
    callbacks: list[WarrantyCallbackRead]

    @classmethod
    def of(cls, w: Warranty) -> WarrantyRead:  # document_id: the card's PDF once printed
        assert w.accepted_on is not None and w.issued_on is not None
        return cls(contract_id=w.contract_id, store=w.store, starts_on=w.accepted_on, issued_on=w.issued_on,
                   document_id=w.document_id,
                   coverage=[CoverageRead(scope=s, ends_on=e) for s, e in w.ends().items()],
                   callbacks=[WarrantyCallbackRead(seq=c.seq, due_on=c.due_on, done_at=c.done_at, done_by=c.done_by,
                                                   note=c.note) for c in w.callbacks])


class WarrantyList(BaseModel):
    items: list[WarrantyRead]


class RepairCostRead(BaseModel):
    id: str
    amount: str
    description: str
    approver_roles: list[str]
    approvals: list[str]
    approved: bool
    charged_to: str | None

    @classmethod
    def of(cls, c: RepairCost, repair_class: str) -> RepairCostRead:
        approved = c.approved_at is not None
        # A cost approved before the B-repair policy existed has none kept: the company bore it then.
        charged = (c.charged_to or ("crew_quality_deposit" if repair_class == "A" else "company")) if approved else None
        return cls(id=c.id, amount=money_str(c.amount), description=c.description,
                   approver_roles=c.required_roles(), approvals=c.given(), approved=approved, charged_to=charged)


class RepairRead(BaseModel):
    """A repair order with its A04 deadlines (store-local working days) as of now."""

    # ``class`` is a Python keyword: the field is ``class_``, written ``class`` on the wire.
    model_config = ConfigDict(serialize_by_alias=True, validate_by_name=True, validate_by_alias=True)

    id: str
    contract_id: str
    store: str
    item: str
    fault: str
    scope: str
    urgent: bool
    address: str
    phone: str
    appointment: str | None
    class_: str = Field(alias="class")
    status: str
    received_by: str
    received_at: Instant
    survey_due_by: date
    responsibility: str | None
    multi_trade: bool | None
    due_by: date | None
    customer_consent: bool
    crew: str | None
    completed_at: Instant | None
    customer_signed_by: str | None
    callback_due_by: date | None
    called_back_at: Instant | None
    satisfied: bool | None
    costs: list[RepairCostRead]

    @classmethod
    def of(cls, r: Repair) -> RepairRead:
        return cls(id=r.id, contract_id=r.contract_id, store=r.store, item=r.item, fault=r.fault, scope=r.scope,
                   urgent=r.urgent, address=r.address, phone=r.phone, appointment=r.appointment,
                   class_=r.repair_class, status=r.status, received_by=r.received_by, received_at=r.received_at,
                   survey_due_by=r.survey_due_on, responsibility=r.responsibility, multi_trade=r.multi_trade,
                   due_by=r.due_on, customer_consent=r.customer_consent, crew=r.crew, completed_at=r.completed_at,
                   customer_signed_by=r.customer_signed_by, callback_due_by=r.callback_due_on,
                   called_back_at=r.called_back_at, satisfied=r.satisfied,
                   costs=[RepairCostRead.of(c, r.repair_class) for c in r.costs])


class RepairPage(Page[RepairRead]):
    pass


class CalendarDayRead(BaseModel):
    day: date
    worked: bool
    name: str


class WorkCalendarRead(BaseModel):
    days: list[CalendarDayRead]

    @classmethod
    def of(cls, days: Iterable[Holiday]) -> WorkCalendarRead:
        return cls(days=[CalendarDayRead(day=d.day, worked=d.worked, name=d.name) for d in days])


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
    def of(cls, d: AftercareDocument) -> DocumentContent:
        return cls(id=d.id, kind=d.form_type, filename=f"{d.form_type}-{d.id}.pdf", content_type="application/pdf",
                   sha256=d.sha256, size=d.size, store=d.store, contract_id=d.contract_id, created_at=d.created_at,
                   storage_key=d.storage_key)
