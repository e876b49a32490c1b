"""Use cases of the aftercare service: one function each, over a unit of work, returning plain data.

Time-dependent use cases take an optional ``now`` (default: the current instant) so the A06
deadlines and the weekly escalation can be proven without waiting a week.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from services.aftercare import views
from services.aftercare.adapters.orm import ComplaintRow, CustomerArchiveRow
from services.aftercare.adapters.unit_of_work import AftercareUnitOfWork
from services.aftercare.commands import (
    AnswerComplaint,
    ClassifyComplaint,
    PassOnComplaint,
    RecordComplaint,
    ResolveComplaint,
)
from services.aftercare.domain import archive, complaints
from services.aftercare.domain.events import (
    ComplaintAnswered,
    ComplaintClassified,
    ComplaintEscalated,
    ComplaintPassedOn,
    ComplaintRecorded,
    ComplaintResolved,
    ContractSignedView,
    CustomerArchiveOpened,
)
from shared.clock import utcnow
from shared.context import Principal
from shared.errors import InvalidInput, NotFound
from shared.ids import new_id
from shared.paging import clamp, page, store_scope
from shared.uow import run_idempotent

UowFactory = Callable[[], AftercareUnitOfWork]


def open_customer_archive(uow: UowFactory, *, handler: str, event: dict[str, Any]) -> None:
    """A02: on ``contract_signed`` open the customer archive (《客户档案表》) of the contract.

    Runs once per event (inbox) and once per contract, so a redelivered or replayed event
    opens no second archive (P03).
    """
    signed = ContractSignedView.model_validate(event)
    with uow() as u:
        if not u.claim_event(handler, signed.event_id):
            return
        if u.repo.find_archive(signed.contract_id) is None:
            u.repo.add(CustomerArchiveRow(
                contract_id=signed.contract_id, number=signed.number, store=signed.store,
                customer_name=signed.customer_name, address=signed.address, designer=signed.designer,
                signed_on=signed.signed_on, opened_at=utcnow()))
            u.publish(CustomerArchiveOpened(contract_id=signed.contract_id, number=signed.number,
                                            store=signed.store))
        u.commit()


def get_customer_archive(uow: UowFactory, principal: Principal, contract_id: str, *,
                         now: datetime | None = None) -> dict[str, Any]:
    """《客户档案表》 of a contract of the caller's stores, with its complaint records (A02, A06, A07)."""
    archive.check_may_read_archive(principal.roles)
    with uow() as u:
        row = u.repo.archive(contract_id)
        principal.require_store(row.store, what="customer archive")
        return views.archive(row, u.repo.complaints(contract_id=contract_id), now or utcnow())


def _escalate(u: AftercareUnitOfWork, row: ComplaintRow, esc: complaints.Escalation, now: datetime) -> None:
    row.severity = esc.severity
    row.escalated_at, row.escalated_to, row.escalation_reason = now, esc.escalated_to, esc.reason
    u.publish(ComplaintEscalated(complaint_id=row.id, contract_id=row.contract_id, store=row.store,
                                 severity=esc.severity, reason=esc.reason, detail=esc.detail,
                                 escalated_to=esc.escalated_to, matter=row.matter))


def _evaluate_escalation(u: AftercareUnitOfWork, row: ComplaintRow, now: datetime) -> None:
    """A06 at once: this complaint, and every other on its matter once five customers are reached."""
    u.session.flush()
    total = u.repo.customers_on_matter(row.matter)
    for candidate in u.repo.unresolved_on_matter(row.matter, lock=True) if row.matter else [row]:
        esc = complaints.escalation(candidate, now, total)
        if esc is not None:
            _escalate(u, candidate, esc, now)


def _complaint(u: AftercareUnitOfWork, principal: Principal, complaint_id: str) -> ComplaintRow:
    row = u.repo.complaint(complaint_id, lock=True)
    principal.require_store(row.store, what="complaint")
    return row


def record_complaint(uow: UowFactory, principal: Principal, cmd: RecordComplaint, *,
                     now: datetime | None = None, idempotency_key: str | None = None) -> dict[str, Any]:
    """《客户投诉记录单》 (A06): record a complaint with its pass-on and answer deadlines.

    Five or more customers on one matter make it (and the others on that matter) major at once.
    """
    principal.require_role(complaints.RECORDERS, rule="A06", action="record complaints")
    received_at = now or utcnow()

    def archive_of_contract(u: AftercareUnitOfWork) -> CustomerArchiveRow:
        customer = u.repo.find_archive(cmd.contract_id)
        if customer is None or not principal.can_see_store(customer.store):
            raise NotFound("no signed contract with this id", field="contract_id")
        return customer

    def record(u: AftercareUnitOfWork) -> dict[str, Any]:
        customer = archive_of_contract(u)
        due = complaints.deadlines(received_at)
        row = ComplaintRow(id=new_id(), contract_id=customer.contract_id, store=customer.store,
                           text=cmd.text, customers_affected=cmd.customers_affected, matter=cmd.matter,
                           status=complaints.OPEN, received_by=principal.username, received_at=received_at,
                           pass_on_by=due.pass_on_by, answer_by=due.answer_by)
        u.repo.add(row)
        u.publish(ComplaintRecorded(complaint_id=row.id, contract_id=row.contract_id, store=row.store,
                                    customers_affected=row.customers_affected, matter=row.matter,
                                    received_by=row.received_by, received_at=received_at.isoformat(),
                                    pass_on_by=due.pass_on_by.isoformat(), answer_by=due.answer_by.isoformat()))
        _evaluate_escalation(u, row, received_at)
        return views.complaint(row, received_at)

    return run_idempotent(uow, "record_complaint", idempotency_key, record, caller=principal,
                          authorize=archive_of_contract, request=cmd)


def classify_complaint(uow: UowFactory, principal: Principal, complaint_id: str, cmd: ClassifyComplaint, *,
                       now: datetime | None = None) -> dict[str, Any]:
    """A06: class a complaint valid or invalid, and a valid one major, important or minor."""
    principal.require_role(complaints.CLASSIFIERS, rule="A06", action="classify complaints")
    moment = now or utcnow()
    with uow() as u:
        row = _complaint(u, principal, complaint_id)
        complaints.check_open(row.status, "classified")
        row.severity = complaints.classification(cmd.validity, cmd.severity,
                                                 escalated=row.escalated_at is not None)
        row.validity, row.classified_by, row.classified_at = cmd.validity, principal.username, moment
        u.publish(ComplaintClassified(complaint_id=row.id, contract_id=row.contract_id, store=row.store,
                                      validity=cmd.validity, severity=row.severity,
                                      classified_by=principal.username))
        _evaluate_escalation(u, row, moment)
        u.commit()
        return views.complaint(row, moment)


def pass_on_complaint(uow: UowFactory, principal: Principal, complaint_id: str, cmd: PassOnComplaint, *,
                      now: datetime | None = None) -> dict[str, Any]:
    """A06: pass a complaint not answerable at once to a department or person (within 10 minutes)."""
    moment = now or utcnow()
    with uow() as u:
        row = _complaint(u, principal, complaint_id)
        complaints.check_may_pass_on(principal.roles, principal.username, row.received_by)
        complaints.check_passable(row.status)
        complaints.check_pass_on_target(cmd.department, cmd.person)
        overdue = moment > row.pass_on_by
        row.passed_on_to_department, row.passed_on_to_person = cmd.department, cmd.person
        row.pass_on_note, row.passed_on_by, row.passed_on_at = cmd.note, principal.username, moment
        row.status = complaints.PASSED_ON
        u.publish(ComplaintPassedOn(complaint_id=row.id, contract_id=row.contract_id, store=row.store,
                                    department=cmd.department, person=cmd.person,
                                    passed_on_by=principal.username, overdue=overdue))
        u.commit()
        return views.complaint(row, moment)


def answer_complaint(uow: UowFactory, principal: Principal, complaint_id: str, cmd: AnswerComplaint, *,
                     now: datetime | None = None) -> dict[str, Any]:
    """A06: record the answer given to the customer (due within a day of receipt)."""
    principal.require_role(complaints.HANDLERS, rule="A06", action="answer complaints")
    moment = now or utcnow()
    with uow() as u:
        row = _complaint(u, principal, complaint_id)
        complaints.check_answerable(row.status)
        overdue = moment > row.answer_by
        row.answer, row.answered_by, row.answered_at = cmd.text, principal.username, moment
        row.status = complaints.ANSWERED
        u.publish(ComplaintAnswered(complaint_id=row.id, contract_id=row.contract_id, store=row.store,
                                    answered_by=principal.username, overdue=overdue))
        u.commit()
        return views.complaint(row, moment)


def resolve_complaint(uow: UowFactory, principal: Principal, complaint_id: str, cmd: ResolveComplaint, *,
                      now: datetime | None = None) -> dict[str, Any]:
    """Close a complaint as resolved; it no longer counts towards its matter (A06)."""
    principal.require_role(complaints.HANDLERS, rule="A06", action="resolve complaints")
    moment = now or utcnow()
    with uow() as u:
        row = _complaint(u, principal, complaint_id)
        complaints.check_open(row.status, "resolved again")
        row.resolution, row.resolved_by, row.resolved_at = cmd.resolution, principal.username, moment
        row.status = complaints.RESOLVED
        u.publish(ComplaintResolved(complaint_id=row.id, contract_id=row.contract_id, store=row.store,
                                    resolved_by=principal.username, escalated=row.escalated_at is not None))
        u.commit()
        return views.complaint(row, moment)


def get_complaint(uow: UowFactory, principal: Principal, complaint_id: str, *,
                  now: datetime | None = None) -> dict[str, Any]:
    """One complaint of the caller's stores, with its overdue flags (A06)."""
    principal.require_role(complaints.READERS, rule="A07", action="read complaint records")
    with uow() as u:
        row = u.repo.complaint(complaint_id)
        principal.require_store(row.store, what="complaint")
        return views.complaint(row, now or utcnow())


def list_complaints(uow: UowFactory, principal: Principal, *, contract_id: str | None = None,
                    store: str | None = None, status: str | None = None, limit: int = 50,
                    cursor: str | None = None, now: datetime | None = None) -> dict[str, Any]:
    """Complaints of the caller's stores, newest first, a page at a time (A06)."""
    principal.require_role(complaints.READERS, rule="A07", action="read complaint records")
    if status and status not in complaints.STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(complaints.STATUSES)}", field="status")
    stores = store_scope(principal, store)
    limit = clamp(limit)
    moment = now or utcnow()
    with uow() as u:
        rows = u.repo.complaints(contract_id=contract_id, stores=stores, status=status, limit=limit + 1,
                                 after=cursor)
        return page(rows, limit, lambda r: views.complaint(r, moment))


def escalate_overdue(uow: UowFactory, now: datetime | None = None) -> list[str]:
    """A06 sweep of one tenant: valid complaints unresolved a week, and matters of five customers,
    become major and go to the general manager. Returns the ids escalated now; a second run
    escalates nothing twice.
    """
    moment = now or utcnow()
    escalated: list[str] = []
    with uow() as u:
        totals: dict[str, int] = {}
        for row in u.repo.escalation_candidates(moment - complaints.ESCALATE_UNRESOLVED_AFTER):
            if row.matter and row.matter not in totals:
                totals[row.matter] = u.repo.customers_on_matter(row.matter)
            esc = complaints.escalation(row, moment, totals.get(row.matter or "", 0))
            if esc is not None:
                _escalate(u, row, esc, moment)
                escalated.append(row.id)
        u.commit()
    return escalated
