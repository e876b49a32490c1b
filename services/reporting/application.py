"""Use cases of the reporting service: the event handlers that feed the figures, and the dashboard.

Each handler runs inside the unit of work the consumer opened for the event's tenant, after its
inbox claim (a redelivered event adds nothing twice, P03). Events count for the store-local day
of the moment they happened (``occurred_at``, R01).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from services.reporting.commands import DocumentRef, GetCustomerResourceStatistics, GetDashboard
from services.reporting.domain import figures as rules
from services.reporting.domain import statements
from services.reporting.domain.events import (
    ComplaintRecordedView,
    ComplaintResolvedView,
    ContractSignedView,
    LeadRegisteredView,
    PaymentConfirmedView,
    PaymentRecordedView,
    ProjectOpenedView,
    StatisticsProduced,
    StepCompletedView,
)
from services.reporting.domain.figures import Figures, local_day, to_fen, yuan
from services.reporting.domain.statements import ReportDocument, Statement, Week
from services.reporting.ports import ReportingUnitOfWork
from services.reporting.results import (
    CustomerResourceStatisticsRead,
    DashboardRead,
    DocumentContent,
    FigureSet,
    StoreFigures,
)
from shared.clock import utcnow
from shared.documents import table_pdf, xlsx
from shared.documents.store import DocumentStore
from shared.errors import InvalidInput, NotFound
from shared.identity.context import Principal
from shared.ids import new_id

UowFactory = Callable[[], ReportingUnitOfWork]


def _day(uow: ReportingUnitOfWork, store: str | None, moment: datetime) -> date:
    """The calendar day ``moment`` falls on in ``store``'s own zone (the HQ's while the store is unknown)."""
    return local_day(moment, uow.settings.effective(store).timezone)


def count_lead(lead: LeadRegisteredView, uow: ReportingUnitOfWork) -> None:
    """A registered lead counts for its store's day (S04); its tenant joins the weekly statistics."""
    uow.figures.add_to_day(lead.store, _day(uow, lead.store, lead.occurred_at), leads=1)
    uow.statements.enroll()


def count_signed_contract(signed: ContractSignedView, uow: ReportingUnitOfWork) -> None:
    """A signed contract counts with its value; money counted before the signing arrived joins its store."""
    row = uow.figures.contract(signed.contract_id)
    if row.store is not None:  # the same contract announced again (a new event id)
        return
    day = _day(uow, signed.store, signed.occurred_at)
    uow.figures.sign_contract(signed.contract_id, signed.store, day, to_fen(signed.total))
    uow.figures.add_to_day(signed.store, day, contracts_signed=1, contract_value_fen=to_fen(signed.total))
    uow.statements.enroll()
    for receipt in uow.figures.unattributed_receipts(signed.contract_id):
        uow.figures.add_to_day(signed.store, receipt.day, received_fen=receipt.amount_fen)


def _count_receipt(payment_id: str, contract_id: str, amount_fen: int, view: PaymentRecordedView | PaymentConfirmedView,
                   uow: ReportingUnitOfWork) -> None:
    contract = uow.figures.contract(contract_id)
    day = _day(uow, contract.store, view.occurred_at)
    if uow.figures.add_receipt(payment_id, contract_id, day, amount_fen, attributed=contract.store is not None) \
            and contract.store is not None:
        uow.figures.add_to_day(contract.store, day, received_fen=amount_fen)


def count_recorded_payment(payment: PaymentRecordedView, uow: ReportingUnitOfWork) -> None:
    """F01: money recorded as received (by finance) counts that day; money in transit waits."""
    if payment.status == rules.RECEIVED:
        _count_receipt(payment.payment_id, payment.contract_id, to_fen(payment.amount), payment, uow)


def count_confirmed_payment(payment: PaymentConfirmedView, uow: ReportingUnitOfWork) -> None:
    """F01: money in transit counts as received the day finance confirms it arrived."""
    _count_receipt(payment.payment_id, payment.contract_id, to_fen(payment.amount), payment, uow)


def count_opened_project(opened: ProjectOpenedView, uow: ReportingUnitOfWork) -> None:
    """A project opened (K01) is in progress until its last step completes."""
    row = uow.figures.project(opened.project_id)
    if row.store is not None:
        return
    day = _day(uow, opened.store, opened.occurred_at)
    uow.figures.update_project(opened.project_id, store=opened.store, opened_day=day)
    uow.figures.add_to_day(opened.store, day, projects_opened=1)
    if row.finished_day is not None:  # its last step arrived first
        uow.figures.add_to_day(opened.store, row.finished_day, projects_finished=1)


def count_finished_project(completed: StepCompletedView, uow: ReportingUnitOfWork) -> None:
    """K07: the last step of the sequence completed ends the project's works."""
    if completed.step != rules.LAST_STEP:
        return
    row = uow.figures.project(completed.project_id)
    if row.finished_day is not None:
        return
    day = _day(uow, row.store, completed.occurred_at)
    uow.figures.update_project(completed.project_id, finished_day=day)
    if row.store is not None:
        uow.figures.add_to_day(row.store, day, projects_finished=1)


def count_complaint(recorded: ComplaintRecordedView, uow: ReportingUnitOfWork) -> None:
    """A recorded complaint is open until resolved (A06)."""
    uow.figures.add_to_day(recorded.store, _day(uow, recorded.store, recorded.occurred_at), complaints_recorded=1)


def count_resolved_complaint(resolved: ComplaintResolvedView, uow: ReportingUnitOfWork) -> None:
    """A resolved complaint is no longer open (A06)."""
    uow.figures.add_to_day(resolved.store, _day(uow, resolved.store, resolved.occurred_at), complaints_resolved=1)


def _links(store: str) -> dict[str, str]:
    # The lists behind each figure; they filter by store and status, not by date.
    return {
        "leads": f"/api/v1/leads?store={store}",
        "contracts_signed": f"/api/v1/contracts?store={store}&status=signed",
        "contract_value": f"/api/v1/contracts?store={store}&status=signed",
        "projects_in_progress": f"/api/v1/projects?store={store}",
        "complaints_open": f"/api/v1/complaints?store={store}",
    }


def get_dashboard(cmd: GetDashboard, *, uow: UowFactory, principal: Principal) -> DashboardRead:
    """api.md "Dashboard": per store and in total, the period's figures from the read model (R01, R02).

    HQ and the general manager see every store of their tenant, a studio manager their own; a
    store the caller may not see is not found.
    """
    every_store = rules.check_may_read(principal.roles)
    start, end = rules.parse_day(cmd.from_, field="from"), rules.parse_day(cmd.to, field="to")
    rules.check_period(start, end)
    mine = None if every_store else frozenset(principal.stores)
    if cmd.store is not None and mine is not None and cmd.store not in mine:
        raise NotFound("store not found", field="store")
    stores = frozenset({cmd.store}) if cmd.store else mine
    with uow() as u:
        found = u.figures.figures(start, end, stores)
    # The stores asked for (or the caller's own) appear even without any activity yet.
    for store in stores or ():
        found.setdefault(store, Figures())
    total = Figures()
    rows = []
    for store in sorted(found):
        total.add(found[store])
        rows.append(StoreFigures(store=store, links=_links(store), **found[store].as_answer()))  # type: ignore[arg-type]
    return DashboardRead.model_validate({"from": start, "to": end, "stores": rows,
                                         "total": FigureSet(**total.as_answer())})  # type: ignore[arg-type]


def _file(u: ReportingUnitOfWork, documents: DocumentStore, store: str, extension: str, data: bytes,
          content_type: str, now: datetime) -> str:
    document_id = new_id()
    key = f"statements/{document_id}.{extension}"
    stored = documents.put(u.tenant_id, key, data, content_type)
    u.statements.add_document(ReportDocument(id=document_id, store=store, kind="customer_resource_statistics",
                                             storage_key=key, content_type=content_type, sha256=stored.sha256,
                                             size=stored.size, created_at=now))
    return document_id


def _weekly_statistics(u: ReportingUnitOfWork, documents: DocumentStore, store: str, monday: date,
                       now: datetime) -> tuple[Statement, Week]:
    """S04: a store's week as an XLSX and a PDF document, produced once, announced to its readers.

    A second producer of the same week (another replica, an on-demand read) finds it; two at the
    same instant collide on the statement's key and one transaction rolls back.
    """
    week = Week.of(monday, u.statements.days(store, monday))
    found = u.statements.find(statements.CUSTOMER_RESOURCES, store, monday)
    if found is not None:
        return found, week
    title = f"{statements.TITLE} {store} {monday.isoformat()}"
    rows = [d.cells() for d in week.days]
    document_id = _file(u, documents, store, "xlsx", xlsx.workbook(title, statements.HEADER, rows, week.footer()),
                        xlsx.XLSX, now)
    pdf_id = _file(u, documents, store, "pdf", table_pdf.table_pdf(title, statements.HEADER, rows, week.footer()),
                   table_pdf.PDF, now)
    statement = Statement(kind=statements.CUSTOMER_RESOURCES, store=store, period=monday, document_id=document_id,
                          pdf_document_id=pdf_id, produced_at=now)
    u.statements.add(statement)
    u.publish(StatisticsProduced(kind=statements.CUSTOMER_RESOURCES, title=f"《{statements.TITLE}》", store=store,
                                 period=monday.isoformat(), document_id=document_id,
                                 total=yuan(week.contract_value_fen), recipient_roles=list(statements.RECIPIENTS)))
    return statement, week


def produce_weekly_statistics(uow: UowFactory, documents: DocumentStore, now: datetime | None = None) -> list[str]:
    """S04 for one tenant: the last finished week's customer resource statistics of every store, once.

    Not an operation: the service's timer calls it for each tenant; on a Monday (store time) the
    week that ended on Sunday is due. Returns the stores produced now.
    """
    moment = now or utcnow()
    produced: list[str] = []
    with uow() as u:
        for store in u.statements.stores():
            # Each store's Monday by its own zone: the stores of one tenant may lie in different zones.
            monday = statements.last_full_week(u.settings.effective(store).today(moment))
            if u.statements.find(statements.CUSTOMER_RESOURCES, store, monday) is None:
                _weekly_statistics(u, documents, store, monday, moment)
                produced.append(store)
        u.commit()
    return produced


def get_customer_resource_statistics(cmd: GetCustomerResourceStatistics, *, uow: UowFactory, principal: Principal,
                                     documents: DocumentStore) -> CustomerResourceStatisticsRead:
    """S04 on demand: a past week's customer resource statistics of a store (produced once, then kept)."""
    statements.check_may_read(principal.roles)
    store = cmd.store or (next(iter(principal.stores)) if len(principal.stores) == 1 else None)
    if store is None:
        raise InvalidInput("name the store", rule="S04", field="store")
    principal.require_store(store, what="statistics")
    monday = statements.parse_week(cmd.week)
    now = utcnow()
    with uow() as u:
        statements.check_over(monday, u.settings.effective(store).today(now))
        statement, week = _weekly_statistics(u, documents, store, monday, now)
        u.commit()
        return CustomerResourceStatisticsRead.of(statement, week)


def document_content(cmd: DocumentRef, *, uow: UowFactory, principal: Principal) -> DocumentContent:
    """Authorize a download of a statement file reporting produced: where its bytes are."""
    with uow() as u:
        document = u.statements.document(cmd.document_id)
    statements.check_may_read(principal.roles)
    principal.require_store(document.store, what="document")
    return DocumentContent.of(document)
