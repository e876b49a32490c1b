"""What the aftercare service answers: one model per result, built from the aggregates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from pydantic import BaseModel

from services.aftercare.domain.complaints import SEVERITIES
from services.aftercare.domain.model import Complaint, CustomerArchive
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
