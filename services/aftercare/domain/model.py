"""The aftercare aggregates: the customer archive (《客户档案表》, A02) and the complaint (A06).

Plain Python: the adapters map these classes onto the tables (SQLAlchemy imperative mapping), so
the rules live on the objects the use cases load and save. State changes record their domain
events on ``events``; the use case publishes them through its unit of work.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from services.aftercare.domain import complaints as rules
from services.aftercare.domain.complaints import ComplaintStatus
from services.aftercare.domain.events import (
    ComplaintAnswered,
    ComplaintClassified,
    ComplaintEscalated,
    ComplaintPassedOn,
    ComplaintRecorded,
    ComplaintResolved,
    CustomerArchiveOpened,
)
from shared.messaging.events import Event


class CustomerArchive:
    """《客户档案表》: the customer of a signed contract (A02); personal data, read per A07."""

    events: list[Event]

    def __init__(self, *, contract_id: str, number: str, store: str, customer_name: str, address: str,
                 designer: str, signed_on: date, opened_at: datetime) -> None:
        self.contract_id, self.number, self.store = contract_id, number, store
        self.customer_name, self.address, self.designer = customer_name, address, designer
        self.signed_on, self.opened_at = signed_on, opened_at
        self.events = []

    @classmethod
    def open(cls, **fields: object) -> CustomerArchive:
        """A02: the archive of a signed contract; its event names no customer (A07)."""
        archive = cls(**fields)  # type: ignore[arg-type]
        archive.events.append(CustomerArchiveOpened(contract_id=archive.contract_id, number=archive.number,
                                                    store=archive.store))
        return archive


class Complaint:
    """《客户投诉记录单》: one complaint, its class, hand-offs, answer and escalation (A06)."""

    events: list[Event]
    validity: str | None
    severity: str | None
    classified_by: str | None
    classified_at: datetime | None
    passed_on_to_department: str | None
    passed_on_to_person: str | None
    pass_on_note: str | None
    passed_on_by: str | None
    passed_on_at: datetime | None
    answer: str | None
    answered_by: str | None
    answered_at: datetime | None
    escalated_at: datetime | None
    escalated_to: str | None
    escalation_reason: str | None
    resolution: str | None
    resolved_by: str | None
    resolved_at: datetime | None
    resolve_by: datetime | None
    report_back_by: date | None
    callback_due_by: datetime | None
    called_back_at: datetime | None
    callback_note: str | None
    satisfied: bool | None

    def __init__(self, *, id: str, contract_id: str, store: str, text: str, customers_affected: int,
                 matter: str | None, received_by: str, received_at: datetime, pass_on_by: datetime,
                 answer_by: datetime, status: str = ComplaintStatus.OPEN, loss_or_injury: bool = False,
                 repeat_of: str | None = None) -> None:
        self.id, self.contract_id, self.store, self.text = id, contract_id, store, text
        self.customers_affected, self.matter, self.status = customers_affected, matter, status
        self.received_by, self.received_at = received_by, received_at
        self.pass_on_by, self.answer_by = pass_on_by, answer_by
        self.validity = self.severity = self.classified_by = None
        self.classified_at = None
        self.passed_on_to_department = self.passed_on_to_person = self.pass_on_note = self.passed_on_by = None
        self.passed_on_at = None
        self.answer = self.answered_by = None
        self.answered_at = None
        self.escalated_at = None
        self.escalated_to = self.escalation_reason = None
        self.resolution = self.resolved_by = None
        self.resolved_at = None
        self.loss_or_injury, self.repeat_of = loss_or_injury, repeat_of
        self.resolve_by = self.report_back_by = self.callback_due_by = self.called_back_at = None
        self.callback_note = self.satisfied = None
        self.events = []

    @classmethod
    def record(cls, *, id: str, archive: CustomerArchive, text: str, customers_affected: int,
               matter: str | None, by: str, at: datetime, loss_or_injury: bool = False,
               repeat_of: str | None = None) -> Complaint:
        """A06: a complaint about the archive's contract, due to be passed on in 10 minutes, answered in a day."""
        due = rules.deadlines(at)
        complaint = cls(id=id, contract_id=archive.contract_id, store=archive.store, text=text,
                        customers_affected=customers_affected, matter=matter, received_by=by, received_at=at,
                        pass_on_by=due.pass_on_by, answer_by=due.answer_by, loss_or_injury=loss_or_injury,
                        repeat_of=repeat_of)
        complaint.events.append(ComplaintRecorded(
            complaint_id=id, contract_id=complaint.contract_id, store=complaint.store,
            customers_affected=customers_affected, matter=matter, received_by=by, received_at=at.isoformat(),
            pass_on_by=due.pass_on_by.isoformat(), answer_by=due.answer_by.isoformat()))
        return complaint

    @property
    def escalated(self) -> bool:
        """Whether it became major and went to the general manager (A06)."""
        return self.escalated_at is not None

    def pass_on_overdue(self, now: datetime) -> bool:
        """A06: still with its first receiver 10 minutes after it was received."""
        return rules.pass_on_overdue(self.status, self.pass_on_by, now)

    def answer_overdue(self, now: datetime) -> bool:
        """A06: not answered (nor resolved) a day after it was received."""
        return rules.answer_overdue(self.status, self.answer_by, now)

    def classify(self, validity: str, severity: str | None, *, by: str, at: datetime) -> None:
        """A06: valid or invalid, and a valid one major, important or minor (major once escalated)."""
        rules.check_open(self.status, "classified")
        self.severity = rules.classification(validity, severity, escalated=self.escalated)
        self.validity, self.classified_by, self.classified_at = validity, by, at
        self._apply_class_deadlines()
        self.events.append(ComplaintClassified(complaint_id=self.id, contract_id=self.contract_id,
                                               store=self.store, validity=validity, severity=self.severity,
                                               classified_by=by))

    def _apply_class_deadlines(self) -> None:
        """A06 by class: the answer (and, major, the resolution) due from the receipt."""
        self.answer_by, self.resolve_by = rules.class_deadlines(
            self.received_at, self.severity, rules.deadlines(self.received_at).answer_by)

    def resolve_overdue(self, now: datetime) -> bool:
        """A06: a major complaint not resolved within 15 days."""
        return self.resolve_by is not None and self.status != ComplaintStatus.RESOLVED and now > self.resolve_by

    def report_back_overdue(self, today: date) -> bool:
        """Seed 002 3.4.2.2: the department did not report back (answer) within 3 working days."""
        return (self.report_back_by is not None and self.status == ComplaintStatus.PASSED_ON
                and today > self.report_back_by)

    def call_back(self, note: str, satisfied: bool, *, at: datetime) -> None:
        """A06: the callback to the customer after handling (due within a day of the resolution)."""
        rules.check_callback(self.status, self.called_back_at)
        self.callback_note, self.satisfied, self.called_back_at = note, satisfied, at

    def pass_on(self, department: str | None, person: str | None, note: str | None, *, by: str,
                roles: Iterable[str], at: datetime, report_back_by: date | None = None) -> None:
        """A06: the receiver (or aftercare, or a handler) passes it to a department or person."""
        rules.check_may_pass_on(roles, by, self.received_by)
        rules.check_passable(self.status)
        rules.check_pass_on_target(department, person)
        overdue = at > self.pass_on_by
        self.passed_on_to_department, self.passed_on_to_person = department, person
        self.pass_on_note, self.passed_on_by, self.passed_on_at = note, by, at
        self.report_back_by = report_back_by if department else None
        self.status = ComplaintStatus.PASSED_ON
        self.events.append(ComplaintPassedOn(complaint_id=self.id, contract_id=self.contract_id, store=self.store,
                                             department=department, person=person, passed_on_by=by,
                                             overdue=overdue))

    def record_answer(self, text: str, *, by: str, at: datetime) -> None:
        """A06: the answer given to the customer, once (due within a day of receipt)."""
        rules.check_answerable(self.status)
        overdue = at > self.answer_by
        self.answer, self.answered_by, self.answered_at = text, by, at
        self.status = ComplaintStatus.ANSWERED
        self.events.append(ComplaintAnswered(complaint_id=self.id, contract_id=self.contract_id, store=self.store,
                                             answered_by=by, overdue=overdue))

    def resolve(self, resolution: str | None, *, by: str, at: datetime) -> None:
        """Closed as resolved: nothing more happens to it, and it no longer counts towards its matter."""
        rules.check_open(self.status, "resolved again")
        self.resolution, self.resolved_by, self.resolved_at = resolution, by, at
        self.callback_due_by = at + rules.CALLBACK_WITHIN
        self.status = ComplaintStatus.RESOLVED
        self.events.append(ComplaintResolved(complaint_id=self.id, contract_id=self.contract_id, store=self.store,
                                             resolved_by=by, escalated=self.escalated))

    def escalate_if_due(self, now: datetime, matter_total: int) -> bool:
        """A06: become major and go to the general manager if the rule says so now; True if it did.

        ``matter_total`` counts the customers of the tenant's unresolved complaints on this matter.
        """
        esc = rules.escalation(self, now, matter_total)
        if esc is None:
            return False
        self.severity = esc.severity
        self.escalated_at, self.escalated_to, self.escalation_reason = now, esc.escalated_to, esc.reason
        self._apply_class_deadlines()
        self.events.append(ComplaintEscalated(complaint_id=self.id, contract_id=self.contract_id, store=self.store,
                                              severity=esc.severity, reason=esc.reason, detail=esc.detail,
                                              escalated_to=esc.escalated_to, matter=self.matter))
        return True
