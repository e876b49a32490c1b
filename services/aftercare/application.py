"""Use cases of the aftercare service: one function each, a command in, a result out.

Each takes its command and, by keyword, the dependencies it needs (:mod:`shared.messaging.operations`);
it loads aggregates through the abstract unit of work, lets them apply the rules and publishes
the events they recorded. The A06 deadlines are read against ``utcnow()``, which tests move.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from services.aftercare.commands import (
    AnswerComplaint,
    ClassifyComplaint,
    GetComplaint,
    GetCustomerArchive,
    ListComplaints,
    PassOnComplaint,
    RecordComplaint,
    ResolveComplaint,
)
from services.aftercare.domain import archive as archives
from services.aftercare.domain import complaints as rules
from services.aftercare.domain.events import ContractSignedView
from services.aftercare.domain.model import Complaint, CustomerArchive
from services.aftercare.ports import AftercareUnitOfWork
from services.aftercare.results import ComplaintPage, ComplaintRead, CustomerArchiveRead
from shared.clock import utcnow
from shared.errors import InvalidInput, NotFound
from shared.identity.context import Principal
from shared.ids import new_id
from shared.persistence.paging import clamp, page, store_scope
from shared.persistence.uow import run_idempotent

UowFactory = Callable[[], AftercareUnitOfWork]


def open_customer_archive(signed: ContractSignedView, uow: AftercareUnitOfWork) -> None:
    """A02: on ``contract_signed`` open the customer archive (《客户档案表》) of the contract.

    Once per contract, so the same contract announced again (a new event id) opens no second
    archive; the inbox already stops a redelivered event (P03).
    """
    if uow.archives.find(signed.contract_id) is not None:
        return
    archive = CustomerArchive.open(contract_id=signed.contract_id, number=signed.number, store=signed.store,
                                   customer_name=signed.customer_name, address=signed.address,
                                   designer=signed.designer, signed_on=signed.signed_on, opened_at=utcnow())
    uow.archives.add(archive)
    uow.publish_from(archive)


def get_customer_archive(cmd: GetCustomerArchive, *, uow: UowFactory, principal: Principal) -> CustomerArchiveRead:
    """《客户档案表》 of a contract of the caller's stores, with its complaint records (A02, A06, A07)."""
    archives.check_may_read_archive(principal.roles)
    with uow() as u:
        archive = u.archives.archive(cmd.contract_id)
        principal.require_store(archive.store, what="customer archive")
        return CustomerArchiveRead.of(archive, u.complaints.complaints(contract_id=cmd.contract_id), utcnow())


def _evaluate_escalation(u: AftercareUnitOfWork, complaint: Complaint, now: datetime) -> None:
    """A06 at once: this complaint, and every other on its matter once five customers are reached."""
    total = u.complaints.customers_on_matter(complaint.matter)
    on_matter = u.complaints.unresolved_on_matter(complaint.matter, lock=True) if complaint.matter else [complaint]
    for candidate in on_matter:
        candidate.escalate_if_due(now, total)
        u.publish_from(candidate)


def _complaint(u: AftercareUnitOfWork, principal: Principal, complaint_id: str) -> Complaint:
    """A complaint of the caller's stores, locked for the change."""
    complaint = u.complaints.complaint(complaint_id, lock=True)
    principal.require_store(complaint.store, what="complaint")
    return complaint


def record_complaint(cmd: RecordComplaint, *, uow: UowFactory, principal: Principal,
                     idempotency_key: str | None) -> ComplaintRead:
    """《客户投诉记录单》 (A06): record a complaint with its pass-on and answer deadlines.

    Five or more customers on one matter make it (and the others on that matter) major at once.
    """
    principal.require_role(rules.RECORDERS, rule="A06", action="record complaints")
    received_at = utcnow()

    def archive_of_contract(u: AftercareUnitOfWork) -> CustomerArchive:
        customer = u.archives.find(cmd.contract_id)
        if customer is None or not principal.can_see_store(customer.store):
            raise NotFound("no signed contract with this id", field="contract_id")
        return customer

    def record(u: AftercareUnitOfWork) -> dict[str, Any]:
        complaint = Complaint.record(id=new_id(), archive=archive_of_contract(u), text=cmd.text,
                                     customers_affected=cmd.customers_affected, matter=cmd.matter,
                                     by=principal.username, at=received_at)
        u.complaints.add(complaint)
        u.publish_from(complaint)
        _evaluate_escalation(u, complaint, received_at)
        # The stored answer of an Idempotency-Key is plain data, replayed as it was first given.
        return ComplaintRead.of(complaint, received_at).model_dump(mode="json")

    answer = run_idempotent(uow, "record_complaint", idempotency_key, record, caller=principal,
                            authorize=archive_of_contract, request=cmd)
    return ComplaintRead.model_validate(answer)


def classify_complaint(cmd: ClassifyComplaint, *, uow: UowFactory, principal: Principal) -> ComplaintRead:
    """A06: class a complaint valid or invalid, and a valid one major, important or minor."""
    principal.require_role(rules.CLASSIFIERS, rule="A06", action="classify complaints")
    moment = utcnow()
    with uow() as u:
        complaint = _complaint(u, principal, cmd.complaint_id)
        complaint.classify(cmd.validity, cmd.severity, by=principal.username, at=moment)
        u.publish_from(complaint)
        _evaluate_escalation(u, complaint, moment)
        u.commit()
        return ComplaintRead.of(complaint, moment)


def pass_on_complaint(cmd: PassOnComplaint, *, uow: UowFactory, principal: Principal) -> ComplaintRead:
    """A06: pass a complaint not answerable at once to a department or person (within 10 minutes)."""
    moment = utcnow()
    with uow() as u:
        complaint = _complaint(u, principal, cmd.complaint_id)
        complaint.pass_on(cmd.department, cmd.person, cmd.note, by=principal.username, roles=principal.roles,
                          at=moment)
        u.publish_from(complaint)
        u.commit()
        return ComplaintRead.of(complaint, moment)


def answer_complaint(cmd: AnswerComplaint, *, uow: UowFactory, principal: Principal) -> ComplaintRead:
    """A06: record the answer given to the customer (due within a day of receipt)."""
    principal.require_role(rules.HANDLERS, rule="A06", action="answer complaints")
    moment = utcnow()
    with uow() as u:
        complaint = _complaint(u, principal, cmd.complaint_id)
        complaint.record_answer(cmd.text, by=principal.username, at=moment)
        u.publish_from(complaint)
        u.commit()
        return ComplaintRead.of(complaint, moment)


def resolve_complaint(cmd: ResolveComplaint, *, uow: UowFactory, principal: Principal) -> ComplaintRead:
    """Close a complaint as resolved; it no longer counts towards its matter (A06)."""
    principal.require_role(rules.HANDLERS, rule="A06", action="resolve complaints")
    moment = utcnow()
    with uow() as u:
        complaint = _complaint(u, principal, cmd.complaint_id)
        complaint.resolve(cmd.resolution, by=principal.username, at=moment)
        u.publish_from(complaint)
        u.commit()
        return ComplaintRead.of(complaint, moment)


def get_complaint(cmd: GetComplaint, *, uow: UowFactory, principal: Principal) -> ComplaintRead:
    """One complaint of the caller's stores, with its overdue flags (A06)."""
    principal.require_role(rules.READERS, rule="A07", action="read complaint records")
    with uow() as u:
        complaint = u.complaints.complaint(cmd.complaint_id)
        principal.require_store(complaint.store, what="complaint")
        return ComplaintRead.of(complaint, utcnow())


def list_complaints(cmd: ListComplaints, *, uow: UowFactory, principal: Principal) -> ComplaintPage:
    """Complaints of the caller's stores, newest first, a page at a time (A06)."""
    principal.require_role(rules.READERS, rule="A07", action="read complaint records")
    if cmd.status and cmd.status not in rules.STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(rules.STATUSES)}", field="status")
    stores = store_scope(principal, cmd.store)
    limit = clamp(cmd.limit)
    moment = utcnow()
    with uow() as u:
        found = u.complaints.complaints(contract_id=cmd.contract_id, stores=stores, status=cmd.status,
                                        limit=limit + 1, after=cmd.cursor)
        return ComplaintPage.model_validate(page(found, limit, lambda c: ComplaintRead.of(c, moment)))  # type: ignore[arg-type, return-value]


def escalate_overdue(uow: UowFactory, now: datetime | None = None) -> list[str]:
    """A06 sweep of one tenant: valid complaints unresolved a week, and matters of five customers,
    become major and go to the general manager. Returns the ids escalated now; a second run
    escalates nothing twice.

    Not an operation: the service's timer calls it for each tenant (it has no caller).
    """
    moment = now or utcnow()
    escalated: list[str] = []
    with uow() as u:
        totals: dict[str, int] = {}
        for complaint in u.complaints.escalation_candidates(moment - rules.ESCALATE_UNRESOLVED_AFTER):
            if complaint.matter and complaint.matter not in totals:
                totals[complaint.matter] = u.complaints.customers_on_matter(complaint.matter)
            if complaint.escalate_if_due(moment, totals.get(complaint.matter or "", 0)):
                u.publish_from(complaint)
                escalated.append(complaint.id)
        u.commit()
    return escalated
