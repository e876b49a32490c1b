"""Use cases of the aftercare service: one function each, a command in, a result out.

Each takes its command and, by keyword, the dependencies it needs (:mod:`shared.messaging.operations`);
it loads aggregates through the abstract unit of work, lets them apply the rules and publishes
the events they recorded. The A06 deadlines are read against ``utcnow()``, which tests move.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from services.aftercare.commands import (
    AddRepairCost,
    AnswerComplaint,
    ApproveRepairCost,
    CallBackComplaint,
    CallBackRepair,
    ClassifyComplaint,
    CompleteRepair,
    DispatchRepair,
    DocumentRef,
    ExtendRepair,
    GetComplaint,
    GetCustomerArchive,
    GetRepair,
    GetWarranties,
    GetWorkCalendar,
    IssueWarrantyCard,
    ListComplaints,
    ListRepairs,
    NotReturnedRepairs,
    PassOnComplaint,
    RecordComplaint,
    RecordRepair,
    RecordWarrantyCallback,
    ResolveComplaint,
    SetWorkCalendar,
    SurveyRepair,
)
from services.aftercare.domain import archive as archives
from services.aftercare.domain import cards
from services.aftercare.domain import complaints as rules
from services.aftercare.domain import repairs as repair_rules
from services.aftercare.domain.calendar import WorkCalendar
from services.aftercare.domain.cards import AftercareDocument
from services.aftercare.domain.care import Holiday, Repair, RepairCost, Warranty
from services.aftercare.domain.events import (
    CompletionAcceptedView,
    ContractSignedView,
    InstallmentPaidView,
    RepairsNotReturned,
)
from services.aftercare.domain.model import Complaint, CustomerArchive
from services.aftercare.ports import AftercareUnitOfWork
from services.aftercare.results import (
    ComplaintPage,
    ComplaintRead,
    CustomerArchiveRead,
    DocumentContent,
    RepairCostRead,
    RepairPage,
    RepairRead,
    WarrantyList,
    WarrantyRead,
    WorkCalendarRead,
)
from shared.clock import utcnow
from shared.documents.store import DocumentStore
from shared.errors import Conflict, InvalidInput, NotFound
from shared.forms import FormContent, FormHeader, SignedSignature, file_form
from shared.identity.context import Principal
from shared.identity.signatures import Signature
from shared.ids import new_id
from shared.persistence.paging import clamp, page, store_scope
from shared.persistence.uow import run_idempotent
from shared.tenant_settings import company_name, store_title

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
        earlier = [c for c in u.complaints.complaints(contract_id=cmd.contract_id)
                   if cmd.repeated or (cmd.matter is not None and c.matter == cmd.matter)]
        complaint = Complaint.record(id=new_id(), archive=archive_of_contract(u), text=cmd.text,
                                     customers_affected=cmd.customers_affected, matter=cmd.matter,
                                     by=principal.username, at=received_at, loss_or_injury=cmd.loss_or_injury,
                                     repeat_of=earlier[0].id if earlier else ("reported" if cmd.repeated else None))
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
                          at=moment, report_back_by=u.calendar.calendar().due(moment, rules.REPORT_BACK_WORKING_DAYS))
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


def call_back_complaint(cmd: CallBackComplaint, *, uow: UowFactory, principal: Principal) -> ComplaintRead:
    """A06: the callback to the customer after the complaint was handled (within a day)."""
    principal.require_role(rules.HANDLERS, rule="A06", action="call customers back")
    moment = utcnow()
    with uow() as u:
        complaint = _complaint(u, principal, cmd.complaint_id)
        complaint.call_back(cmd.note, cmd.satisfied, at=moment)
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


# ---- warranty (A01, A03), repairs (A04, A05), the working-day calendar ---------------------------

CALENDAR_KEEPERS = ("tenant_admin", "aftercare_manager")


def _warranty_for(uow: AftercareUnitOfWork, contract_id: str, store: str) -> Warranty:
    warranty = uow.warranties.find(contract_id, lock=True)
    if warranty is None:
        warranty = Warranty(contract_id=contract_id, store=store)
        uow.warranties.add(warranty)
    return warranty


def note_completion_accepted(accepted: CompletionAcceptedView, uow: AftercareUnitOfWork) -> None:
    """A01: the completion acceptance passed; the card follows once the final payment is in."""
    warranty = _warranty_for(uow, accepted.contract_id, accepted.store)
    warranty.accepted(accepted.accepted_on, accepted.waterproofing)
    uow.publish_from(warranty)


def note_final_paid(paid: InstallmentPaidView, uow: AftercareUnitOfWork) -> None:
    """A01: the final installment is paid by confirmed money; the card follows the acceptance."""
    if paid.kind != "final":
        return
    warranty = _warranty_for(uow, paid.contract_id, paid.store)
    warranty.final_paid(paid.paid_on)
    uow.publish_from(warranty)


def get_warranties(cmd: GetWarranties, *, uow: UowFactory, principal: Principal) -> WarrantyList:
    """保修卡 of a contract of the caller's stores (A01): empty until its conditions hold."""
    with uow() as u:
        warranty = u.warranties.find(cmd.contract_id)
        if warranty is None or not principal.can_see_store(warranty.store):
            archive = u.archives.find(cmd.contract_id)
            if archive is None or not principal.can_see_store(archive.store):
                raise NotFound("no signed contract with this id", field="contract_id")
            return WarrantyList(items=[])
        return WarrantyList(items=[WarrantyRead.of(warranty)] if warranty.issued else [])


def record_warranty_callback(cmd: RecordWarrantyCallback, *, uow: UowFactory,
                             principal: Principal) -> WarrantyRead:
    """A03: record one of the warranty's quarterly callbacks."""
    principal.require_role(repair_rules.RECORDERS, rule="A03", action="record warranty callbacks")
    with uow() as u:
        warranty = u.warranties.find(cmd.contract_id, lock=True)
        if warranty is None or not principal.can_see_store(warranty.store) or not warranty.issued:
            raise NotFound("no warranty card for this contract", field="contract_id")
        warranty.record_callback(cmd.seq, by=principal.username, note=cmd.note, at=utcnow())
        u.commit()
        return WarrantyRead.of(warranty)


def record_repair(cmd: RecordRepair, *, uow: UowFactory, principal: Principal,
                  idempotency_key: str | None) -> RepairRead:
    """《报修记录》 (A01, A04): class A in warranty else B; the site survey is due within 1 working day."""
    principal.require_role(repair_rules.RECORDERS, rule="A04", action="record repairs")
    received_at = utcnow()

    def archive_of_contract(u: AftercareUnitOfWork) -> CustomerArchive:
        customer = u.archives.find(cmd.contract_id)
        if customer is None or not principal.can_see_store(customer.store):
            raise NotFound("no signed contract with this id", field="contract_id")
        return customer

    def record(u: AftercareUnitOfWork) -> dict[str, Any]:
        customer = archive_of_contract(u)
        repair = Repair.record(id=new_id(), warranty=u.warranties.find(cmd.contract_id), calendar=u.calendar.calendar(),
                               at=received_at, contract_id=customer.contract_id, store=customer.store,
                               item=cmd.item, fault=cmd.fault, scope=cmd.scope, urgent=cmd.urgent,
                               address=cmd.address or customer.address, phone=cmd.phone or "",
                               appointment=cmd.appointment, received_by=principal.username)
        u.repairs.add(repair)
        u.publish_from(repair)
        return RepairRead.of(repair).model_dump(mode="json")

    answer = run_idempotent(uow, "record_repair", idempotency_key, record, caller=principal,
                            authorize=archive_of_contract, request=cmd)
    return RepairRead.model_validate(answer)


def _repair(u: AftercareUnitOfWork, principal: Principal, repair_id: str) -> Repair:
    repair = u.repairs.repair(repair_id, lock=True)
    principal.require_store(repair.store, what="repair")
    return repair


def _change_repair(uow: UowFactory, principal: Principal, repair_id: str, change: Callable[..., None]) -> RepairRead:
    principal.require_role(repair_rules.RECORDERS, rule="A04", action="handle repairs")
    with uow() as u:
        repair = _repair(u, principal, repair_id)
        change(repair, u)
        u.publish_from(repair)
        u.commit()
        return RepairRead.of(repair)


def survey_repair(cmd: SurveyRepair, *, uow: UowFactory, principal: Principal) -> RepairRead:
    """《现场勘察会签表》 (A04): who is responsible; the repair is due in 3 (one trade) or 7 working days."""
    return _change_repair(uow, principal, cmd.repair_id, lambda r, u: r.survey(
        responsibility=cmd.responsibility, multi_trade=cmd.multi_trade, by=principal.username, at=utcnow(),
        calendar=u.calendar.calendar()))


def extend_repair(cmd: ExtendRepair, *, uow: UowFactory, principal: Principal) -> RepairRead:
    """A04: a later due date, only with the customer's recorded consent."""
    return _change_repair(uow, principal, cmd.repair_id,
                          lambda r, u: r.extend(cmd.due_on, customer_consent=cmd.customer_consent))


def dispatch_repair(cmd: DispatchRepair, *, uow: UowFactory, principal: Principal) -> RepairRead:
    """派工 (A04): the surveyed repair goes to a crew."""
    return _change_repair(uow, principal, cmd.repair_id, lambda r, u: r.dispatch(crew=cmd.crew, at=utcnow()))


def complete_repair(cmd: CompleteRepair, *, uow: UowFactory, principal: Principal) -> RepairRead:
    """A04: the customer signs the acceptance; the callback is due within 1 working day."""
    signature = Signature.parse(cmd.customer_signature, field="customer_signature")
    return _change_repair(uow, principal, cmd.repair_id, lambda r, u: r.complete(
        customer_signed_by=signature.name, at=utcnow(), calendar=u.calendar.calendar()))


def call_back_repair(cmd: CallBackRepair, *, uow: UowFactory, principal: Principal) -> RepairRead:
    """A04: the callback after the repair."""
    return _change_repair(uow, principal, cmd.repair_id,
                          lambda r, u: r.call_back(note=cmd.note, satisfied=cmd.satisfied, at=utcnow()))


def get_repair(cmd: GetRepair, *, uow: UowFactory, principal: Principal) -> RepairRead:
    """One repair of the caller's stores."""
    principal.require_role(repair_rules.READERS, rule="A04", action="read repairs")
    with uow() as u:
        repair = u.repairs.repair(cmd.repair_id)
        principal.require_store(repair.store, what="repair")
        return RepairRead.of(repair)


def list_repairs(cmd: ListRepairs, *, uow: UowFactory, principal: Principal) -> RepairPage:
    """Repairs of the caller's stores, urgent ones first (A04), a page at a time."""
    principal.require_role(repair_rules.READERS, rule="A04", action="read repairs")
    limit = clamp(cmd.limit)
    with uow() as u:
        found = u.repairs.repairs(stores=store_scope(principal, cmd.store), status=cmd.status,
                                  contract_id=cmd.contract_id, limit=limit + 1, after=cmd.cursor)
        return RepairPage.model_validate(page(found, limit, RepairRead.of,  # type: ignore[arg-type]
                                              cursor_of=lambda r: f"{0 if r.urgent else 1}:{r.id}"))


def add_repair_cost(cmd: AddRepairCost, *, uow: UowFactory, principal: Principal) -> RepairCostRead:
    """A05: a repair cost; its amount decides who approves it (and above the audit line, 20,000, the audit).

    The tiers are the tenant's settings as they stand when the cost is recorded.
    """
    principal.require_role(repair_rules.RECORDERS, rule="A05", action="record repair costs")
    with uow() as u:
        repair = _repair(u, principal, cmd.repair_id)
        tiers = u.settings.effective(repair.store).repair_approval_tiers
        cost = repair.add_cost(RepairCost(id=new_id(), repair_id=repair.id, amount=cmd.amount,
                                          description=cmd.description, recorded_by=principal.username,
                                          recorded_at=utcnow(), tiers=(tiers.aftercare_manager_up_to,
                                                                       tiers.deputies_up_to, tiers.audit_above)))
        cost.tenant_id = u.tenant_id  # type: ignore[attr-defined]  # a part of the repair, stamped as it is
        u.commit()
        return RepairCostRead.of(cost, repair.repair_class)


def approve_repair_cost(cmd: ApproveRepairCost, *, uow: UowFactory, principal: Principal) -> RepairCostRead:
    """A05: the approval the caller's role gives for this amount (403 rule A05 for any other role)."""
    with uow() as u:
        repair = _repair(u, principal, cmd.repair_id)
        cost = repair.approve_cost(cmd.cost_id, roles=principal.roles, at=utcnow(),
                                   b_repair_charged_to=u.settings.effective(repair.store).b_repair_charged_to)
        u.publish_from(repair)
        u.commit()
        return RepairCostRead.of(cost, repair.repair_class)


def not_returned_repairs(cmd: NotReturnedRepairs, *, uow: UowFactory, principal: Principal) -> RepairPage:
    """A04: today's orders not returned by 17:00 store time (as of now), for the department head."""
    principal.require_role(repair_rules.READERS, rule="A04", action="read repairs")
    stores = store_scope(principal, cmd.store)
    now = utcnow()
    with uow() as u:
        calendar = u.calendar.calendar()
        found = [r for r in u.repairs.dispatched_before(_five_pm(calendar, now))
                 if stores is None or r.store in stores]
        return RepairPage(items=[RepairRead.of(r) for r in found])


def _five_pm(calendar: WorkCalendar, now: datetime) -> datetime:
    """17:00 store time of the store-local day of ``now`` (A04)."""
    local = now.astimezone(ZoneInfo(calendar.timezone))
    return local.replace(hour=repair_rules.RETURN_BY_HOUR, minute=0, second=0, microsecond=0)


def list_not_returned(uow: UowFactory, now: datetime | None = None) -> list[tuple[str, int]]:
    """A04 at 17:00 store time, once a day per store: the orders not returned, for the department head.

    Not an operation: the service's timer calls it per tenant. Returns (store, orders) listed now.
    """
    moment = now or utcnow()
    listed: list[tuple[str, int]] = []
    with uow() as u:
        calendar = u.calendar.calendar()
        deadline = _five_pm(calendar, moment)
        if moment < deadline:
            return []
        by_store: dict[str, list[Repair]] = {}
        for repair in u.repairs.dispatched_before(deadline):
            by_store.setdefault(repair.store, []).append(repair)
        today = calendar.local_day(moment)
        for store, found in sorted(by_store.items()):
            if u.repairs.claim_not_returned_list(store, today, len(found)):
                u.publish(RepairsNotReturned(store=store, on=today.isoformat(), repair_ids=[r.id for r in found],
                                             alert_roles=list(repair_rules.DEPARTMENT_HEADS)))
                listed.append((store, len(found)))
        u.commit()
    return listed


def set_work_calendar(cmd: SetWorkCalendar, *, uow: UowFactory, principal: Principal) -> WorkCalendarRead:
    """The tenant's days off (and weekend days worked) between two dates (A04 working days)."""
    principal.require_role(CALENDAR_KEEPERS, rule="A04", action="keep the working-day calendar")
    if cmd.last_day < cmd.first_day:
        raise InvalidInput("last_day is before first_day", field="last_day")
    if any(not cmd.first_day <= d.day <= cmd.last_day for d in cmd.days):
        raise InvalidInput("every listed day lies between first_day and last_day", field="days")
    if len({d.day for d in cmd.days}) != len(cmd.days):
        raise InvalidInput("a day is listed twice", field="days")
    with uow() as u:
        u.calendar.set_days([Holiday(day=d.day, worked=d.worked, name=d.name) for d in cmd.days],
                            replace_from=cmd.first_day, replace_to=cmd.last_day)
        u.commit()
        return WorkCalendarRead.of(u.calendar.days())


def get_work_calendar(cmd: GetWorkCalendar, *, uow: UowFactory, principal: Principal) -> WorkCalendarRead:
    """The tenant's listed days off and worked weekend days."""
    with uow() as u:
        return WorkCalendarRead.of(u.calendar.days())


def issue_warranty_card(cmd: IssueWarrantyCard, *, uow: UowFactory, principal: Principal,
                        documents: DocumentStore) -> WarrantyRead:
    """A01: the warranty card's PDF, once its conditions hold, signed by the aftercare staff; once."""
    cards.WARRANTY_CARD.check_filer(principal)
    signatures = cards.WARRANTY_CARD.check_signatures(cmd.signatures)
    with uow() as u:
        warranty = u.warranties.find(cmd.contract_id, lock=True)
        if warranty is None or not principal.can_see_store(warranty.store):
            raise NotFound("no warranty for this contract", field="contract_id")
        if not warranty.issued or warranty.accepted_on is None:
            raise Conflict("the card follows the completion acceptance and the final payment", rule="A01",
                           field="contract_id")
        if warranty.document_id is not None:
            raise Conflict("the warranty card is already printed", rule="A01", field="contract_id")
        archive = u.archives.archive(cmd.contract_id)
        ends = warranty.ends()
        now = utcnow()
        water = ends.get("waterproofing")
        effective = u.settings.effective(warranty.store)
        content = FormContent(
            id=new_id(), form_type=cards.WARRANTY_CARD,
            data=cards.WarrantyCardData(contract_number=archive.number, address=archive.address,
                                        starts_on=warranty.accepted_on.isoformat(),
                                        general_ends_on=ends["general"].isoformat(),
                                        waterproofing_ends_on=water.isoformat() if water else None,
                                        callbacks=", ".join(c.due_on.isoformat() for c in warranty.callbacks[:4])
                                        + (" …" if len(warranty.callbacks) > 4 else "")),
            header=FormHeader(company=company_name(effective, principal.tenant_id),
                              store=store_title(effective, warranty.store), timezone=effective.timezone,
                              contract_number=archive.number,
                              lines=(("客户", archive.customer_name),)),
            signatures=tuple(SignedSignature.of(s, now) for s in signatures), signed_at=now)
        filed = file_form(documents, u.tenant_id, f"forms/{content.id}.pdf", content)
        u.documents.add(AftercareDocument(id=content.id, store=warranty.store, contract_id=warranty.contract_id,
                                          form_type=cards.WARRANTY_CARD.type, storage_key=filed.storage_key,
                                          sha256=filed.sha256, size=filed.size, content_hash=filed.content_hash,
                                          created_at=now))
        warranty.document_id = content.id
        u.commit()
        return WarrantyRead.of(warranty)


def document_content(cmd: DocumentRef, *, uow: UowFactory, principal: Principal) -> DocumentContent:
    """Authorize a download of a PDF aftercare rendered (a warranty card): where its bytes are."""
    with uow() as u:
        document = u.documents.document(cmd.document_id)
        principal.require_store(document.store, what="document")
        return DocumentContent.of(document)
