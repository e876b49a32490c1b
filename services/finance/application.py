"""Use cases of the finance service: one function each, a command in, a result out.

Each takes its command and, by keyword, the dependencies it needs (:mod:`shared.messaging.operations`);
it loads aggregates through the abstract unit of work, lets them apply the rules and publishes
the events they recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from services.finance.commands import (
    ConfirmPayment,
    DocumentRef,
    DrawMaterialMoney,
    FileCrewPhoto,
    GetCrewMember,
    GetPaymentPlan,
    GetReceiptsStatement,
    GetSigningStatement,
    ListPayments,
    RecordPayment,
    RegisterCrewMember,
    SetFinancePolicy,
    SignPaymentNotice,
)
from services.finance.domain import crew, notices, payments, statements
from services.finance.domain.events import (
    CompletionAcceptedView,
    CompletionSettlementSignedView,
    ContractSignedView,
    MidtermSettlementSignedView,
    StatementProduced,
)
from services.finance.domain.model import FinancePolicy, PaymentPlan
from services.finance.domain.statements import Statement
from services.finance.ports import FinanceUnitOfWork
from services.finance.results import (
    CrewMemberRead,
    DocumentContent,
    FinancePolicyRead,
    MaterialDrawRead,
    PaymentPage,
    PaymentPlanRead,
    PaymentRead,
    SigningStatementRead,
    StatementRead,
)
from shared.clock import local_today, utcnow
from shared.documents import table_pdf, xlsx
from shared.documents.store import DocumentStore
from shared.errors import InvalidInput, NotFound
from shared.forms import FormContent, FormHeader, SignedSignature, file_form
from shared.identity.context import Principal
from shared.identity.signatures import Signature
from shared.ids import new_id
from shared.money import money_str
from shared.persistence.paging import clamp, page, store_scope
from shared.persistence.uow import run_idempotent
from shared.tenant_settings import company_name, store_title

UowFactory = Callable[[], FinanceUnitOfWork]

POLICY_SETTERS = ("tenant_admin", "finance")


def set_finance_policy(cmd: SetFinancePolicy, *, uow: UowFactory, principal: Principal) -> FinancePolicyRead:
    """Set the tenant's first-installment ratio (F02); plans already open keep theirs."""
    principal.require_role(POLICY_SETTERS, rule="F02", action="set the payment policy")
    with uow() as u:
        policy = u.policies.policy()
        if policy is None:
            policy = FinancePolicy(cmd.first_installment_ratio)
            u.policies.add(policy)
        else:
            policy.change_ratio(cmd.first_installment_ratio)
        u.commit()
        return FinancePolicyRead.of(policy)


def open_payment_plan(signed: ContractSignedView, uow: FinanceUnitOfWork) -> None:
    """F02, C07: on ``contract_signed`` open the contract's plan, first installment due that day.

    Once per contract, so the same contract announced again (a new event id) opens no second
    plan; the inbox already stops a redelivered event (P03).
    """
    if uow.plans.find(signed.contract_id) is not None:
        return
    plan = PaymentPlan.open(contract_id=signed.contract_id, number=signed.number, store=signed.store,
                            customer_name=signed.customer_name, total=signed.total, signed_on=signed.signed_on,
                            opened_at=utcnow(), policy=uow.policies.policy(), ratio=_ratio_setting(uow, signed.store))
    uow.plans.add(plan)
    uow.publish_from(plan)


def _ratio_setting(uow: FinanceUnitOfWork, store: str) -> Decimal | None:
    """F02: the ratio the tenant's settings give the store, or None where they leave it to the platform.

    None lets a ratio set earlier through ``PUT /finance/policy`` apply (decision 0036).
    """
    effective = uow.settings.effective(store)
    if effective.source("first_installment_ratio") == "platform":
        return None
    return effective.first_installment_ratio


def get_payment_plan(cmd: GetPaymentPlan, *, uow: UowFactory, principal: Principal) -> PaymentPlanRead:
    """The plan of a contract of the caller's stores: installments, what is paid, the totals."""
    with uow() as u:
        plan = u.plans.plan(cmd.contract_id)
        principal.require_store(plan.store, what="payment plan")
        return PaymentPlanRead.of(plan, u.payments.paid_by_kind(cmd.contract_id),
                                 u.payments.in_transit_by_kind(cmd.contract_id))


def record_payment(cmd: RecordPayment, *, uow: UowFactory, principal: Principal,
                   idempotency_key: str | None) -> PaymentRead:
    """收款 (F01, F02, F07): take money for an installment; a replayed key records nothing new."""
    payments.check_may_receive(principal.roles)
    payments.check_idempotency_key(idempotency_key)

    def authorize(u: FinanceUnitOfWork) -> None:
        principal.require_store(u.plans.plan(cmd.contract_id).store, what="payment plan")

    def record(u: FinanceUnitOfWork) -> dict[str, Any]:
        plan = u.plans.plan(cmd.contract_id, lock=True)
        principal.require_store(plan.store, what="payment plan")
        now = utcnow()
        payment = plan.receive(payment_id=new_id(), kind=cmd.kind, amount=cmd.amount, method=cmd.method,
                               note=cmd.note, roles=principal.roles, by=principal.username, at=now,
                               paid=u.payments.paid_by_kind(plan.contract_id),
                               in_transit=u.payments.in_transit_by_kind(plan.contract_id),
                               on=u.settings.effective(plan.store).today(now))
        u.payments.add(payment)
        u.publish_from(payment)
        u.publish_from(plan)
        # The stored answer of the key (replayed as it is) is the wire form.
        return PaymentRead.of(payment).model_dump(mode="json")

    answer = run_idempotent(uow, "record_payment", idempotency_key, record, caller=principal,
                            authorize=authorize, request=cmd)
    return PaymentRead.model_validate(answer)


def confirm_payment(cmd: ConfirmPayment, *, uow: UowFactory, principal: Principal) -> PaymentRead:
    """F01: finance confirms that money taken by an assistant or cashier has arrived."""
    principal.require_role(payments.CONFIRMERS, rule="F01", action="confirm payments")
    with uow() as u:
        found = u.payments.payment(cmd.payment_id)
        principal.require_store(found.store, what="payment")
        # The plan first, as taking a payment does, so the two never wait on each other's locks.
        plan = u.plans.plan(found.contract_id, lock=True)
        payment = u.payments.payment(cmd.payment_id, lock=True)
        now = utcnow()
        payment.confirm(by=principal.username, at=now)
        plan.count(payment.kind, u.payments.paid_by_kind(plan.contract_id),
                   on=u.settings.effective(plan.store).today(now))
        u.publish_from(payment)
        u.publish_from(plan)
        u.commit()
        return PaymentRead.of(payment)


def list_payments(cmd: ListPayments, *, uow: UowFactory, principal: Principal) -> PaymentPage:
    """Payments of the caller's stores, oldest first, a page at a time: one contract's history, or a
    store's day of receipts (``received_on``, store-local) narrowed by ``status`` (F01)."""
    limit = clamp(cmd.limit)
    with uow() as u:
        if cmd.contract_id:
            plan = u.plans.plan(cmd.contract_id)
            principal.require_store(plan.store, what="payment plan")
        rows = u.payments.payments(contract_id=cmd.contract_id, stores=store_scope(principal, cmd.store),
                                   status=cmd.status, received_on=cmd.day(), limit=limit + 1,
                                   after=cmd.cursor)
        return PaymentPage.model_validate(page(rows, limit, PaymentRead.of))  # type: ignore[arg-type]


def _plan_for(uow: FinanceUnitOfWork, contract_id: str) -> PaymentPlan:
    """The plan a construction event is about, locked; an event before the plan is retried later."""
    plan = uow.plans.find(contract_id)
    if plan is None:
        raise NotFound("no payment plan for this contract yet", field="contract_id")
    return uow.plans.plan(contract_id, lock=True)


def set_midterm_installment(signed: MidtermSettlementSignedView, uow: FinanceUnitOfWork) -> None:
    """F02, F03: on ``midterm_settlement_signed`` the mid-term amount is the signed settlement's, and
    the mid-term payment notice (《中期交款通知书》) goes out with its due date."""
    plan = _plan_for(uow, signed.contract_id)
    plan.settle_midterm(amount=signed.amount, document_id=signed.document_id, signed_on=signed.signed_on,
                        paid=uow.payments.paid_by_kind(signed.contract_id),
                        due_days=uow.settings.effective(plan.store).midterm_payment_due_days)
    uow.publish_from(plan)


def set_final_installment(signed: CompletionSettlementSignedView, uow: FinanceUnitOfWork) -> None:
    """F02, F04: on ``completion_settlement_signed`` the final amount is the signed settlement's."""
    plan = _plan_for(uow, signed.contract_id)
    plan.settle_final(amount=signed.amount, document_id=signed.document_id, signed_on=signed.signed_on,
                      paid=uow.payments.paid_by_kind(signed.contract_id),
                      due_days=uow.settings.effective(plan.store).final_payment_due_days)
    uow.publish_from(plan)


def make_final_due(accepted: CompletionAcceptedView, uow: FinanceUnitOfWork) -> None:
    """F04: on ``completion_accepted`` the final payment is due the tenant's days (3) later, with its notice."""
    plan = _plan_for(uow, accepted.contract_id)
    plan.accept_completion(accepted_on=accepted.accepted_on, paid=uow.payments.paid_by_kind(accepted.contract_id),
                           due_days=uow.settings.effective(plan.store).final_payment_due_days)
    uow.publish_from(plan)


def sign_payment_notice(cmd: SignPaymentNotice, *, uow: UowFactory, principal: Principal,
                        documents: DocumentStore) -> PaymentPlanRead:
    """F03/F04: the customer signs the payment notice finance presents; its PDF is rendered and kept."""
    form_type = notices.BY_INSTALLMENT[cmd.kind]
    form_type.check_filer(principal)
    # 400 naming customer_signature first; then the form's own check (the customer signs it).
    parsed = Signature.parse(cmd.customer_signature, field="customer_signature")
    [signature] = form_type.check_signatures([{"name": parsed.name, "role": "customer", "image": parsed.image}])
    with uow() as u:
        found = u.plans.plan(cmd.contract_id)
        principal.require_store(found.store, what="payment plan")
        plan = u.plans.plan(cmd.contract_id, lock=True)
        now = utcnow()
        inst = plan.sign_notice(cmd.kind, signed_by=signature.name, at=now)
        effective = u.settings.effective(plan.store)
        assert inst.amount is not None and inst.notice_issued_on is not None and inst.due_on is not None
        content = FormContent(
            id=new_id(), form_type=form_type,
            data=notices.PaymentNoticeData(contract_number=plan.number, installment=inst.name,
                                           amount=money_str(inst.amount), issued_on=inst.notice_issued_on.isoformat(),
                                           due_on=inst.due_on.isoformat(),
                                           settlement_document_id=inst.settlement_document_id),
            header=FormHeader(company=company_name(effective, principal.tenant_id),
                              store=store_title(effective, plan.store), timezone=effective.timezone,
                              contract_number=plan.number,
                              lines=(("客户", plan.customer_name),)),
            signatures=(SignedSignature.of(signature, now),), signed_at=now)
        filed = file_form(documents, u.tenant_id, f"forms/{content.id}.pdf", content)
        u.documents.add(notices.FinanceDocument(id=content.id, store=plan.store, contract_id=plan.contract_id,
                                                form_type=form_type.type, storage_key=filed.storage_key,
                                                sha256=filed.sha256, size=filed.size,
                                                content_hash=filed.content_hash, created_at=now))
        plan.attach_notice_document(cmd.kind, content.id)
        u.publish_from(plan)
        u.commit()
        return PaymentPlanRead.of(plan, u.payments.paid_by_kind(plan.contract_id),
                                  u.payments.in_transit_by_kind(plan.contract_id))


def document_content(cmd: DocumentRef, *, uow: UowFactory, principal: Principal) -> DocumentContent:
    """Authorize a download of a PDF finance rendered (a signed payment notice): where its bytes are."""
    with uow() as u:
        document = u.documents.document(cmd.document_id)
        principal.require_store(document.store, what="document")
        return DocumentContent.of(document)


def alert_overdue_payments(uow: UowFactory, now: datetime | None = None) -> list[tuple[str, str]]:
    """F03 sweep of one tenant: money not in by its due date (store-local) alerts engineering and the
    general manager at once; each due date alerts once. Returns the (contract, kind) alerted now.

    Not an operation: the service's timer calls it for each tenant (it has no caller).
    """
    moment = now or utcnow()
    alerted: list[tuple[str, str]] = []
    with uow() as u:
        # Candidates by the day furthest ahead among the tenant's stores; each plan then by its own.
        latest = max(local_today(zone, now=moment) for zone in _zones(u))
        for plan in u.plans.overdue_candidates(latest):
            today = u.settings.effective(plan.store).today(moment)
            kinds = plan.alert_overdue(today=today, paid=u.payments.paid_by_kind(plan.contract_id), at=moment)
            u.publish_from(plan)
            alerted += [(plan.contract_id, kind) for kind in kinds]
        u.commit()
    return alerted


def _zones(u: FinanceUnitOfWork) -> set[str]:
    """Every time zone the tenant's stores use (the platform's default among them)."""
    snapshot = u.settings.snapshot()
    stores = list(snapshot.stores) if snapshot else []
    return {u.settings.effective(None).timezone, *(u.settings.effective(code).timezone for code in stores)}


def _file(u: FinanceUnitOfWork, documents: DocumentStore, store: str, form_type: str, extension: str, data: bytes,
          content_type: str, now: datetime) -> str:
    document_id = new_id()
    key = f"statements/{document_id}.{extension}"
    stored = documents.put(u.tenant_id, key, data, content_type)
    u.documents.add(notices.FinanceDocument(id=document_id, store=store, contract_id="", form_type=form_type,
                                            storage_key=key, sha256=stored.sha256, size=stored.size,
                                            content_hash=stored.sha256, created_at=now))
    return document_id


def _statement(u: FinanceUnitOfWork, documents: DocumentStore, kind: str, store: str, day: date,
               now: datetime) -> Statement:
    """F05: a statement of a store and day as an XLSX and a PDF document, produced once.

    A second producer of the same period (another replica's timer, an on-demand read) finds it;
    two at the same instant collide on the statement's key and one transaction rolls back.
    """
    found = u.statements.find(kind, store, day)
    if found is not None:
        return found
    header: Sequence[str]
    roles: Sequence[str]
    if kind == statements.RECEIPTS:
        lines = u.statements.receipt_lines(store, day)
        sums = statements.totals(lines)
        name, header, rows = statements.TITLE, statements.HEADER, [line.cells() for line in lines]
        footer, total, roles = statements.footer(sums), money_str(sums["total"]), statements.RECIPIENTS
    else:
        signed = u.statements.signing_lines(store, day)
        count, value = statements.signing_totals(signed)
        name, header, rows = statements.SIGNINGS_TITLE, statements.SIGNINGS_HEADER, [s.cells() for s in signed]
        footer, total, roles = statements.signing_footer(count, value), money_str(value), statements.SIGNINGS_RECIPIENTS
    title = f"{name} {store} {day.isoformat()}"
    form_type = f"{kind}_statement"
    document_id = _file(u, documents, store, form_type, "xlsx", xlsx.workbook(title, header, rows, footer), xlsx.XLSX,
                        now)
    pdf_id = _file(u, documents, store, form_type, "pdf", table_pdf.table_pdf(title, header, rows, footer),
                   table_pdf.PDF, now)
    statement = Statement(kind=kind, store=store, period=day, document_id=document_id, produced_at=now,
                          pdf_document_id=pdf_id)
    u.statements.add(statement)
    u.publish(StatementProduced(kind=kind, title=f"《{name}》", store=store, period=day.isoformat(),
                                document_id=document_id, total=total, recipient_roles=list(roles)))
    return statement


def _statement_store(cmd: GetReceiptsStatement, principal: Principal) -> str:
    principal.require_role(statements.READERS, rule="F05", action="read statements")
    store = cmd.store or (next(iter(principal.stores)) if len(principal.stores) == 1 else None)
    if store is None:
        raise InvalidInput("name the store", rule="F05", field="store")
    principal.require_store(store, what="statement")
    return store


def get_receipts_statement(cmd: GetReceiptsStatement, *, uow: UowFactory, principal: Principal,
                           documents: DocumentStore) -> StatementRead:
    """F05 on demand: a past day's receipts statement of a store (the XLSX produced once, then kept)."""
    store = _statement_store(cmd, principal)
    now = utcnow()
    with uow() as u:
        statements.check_past(cmd.day(), u.settings.effective(store).today(now))
        statement = _statement(u, documents, statements.RECEIPTS, store, cmd.day(), now)
        lines = u.statements.receipt_lines(store, cmd.day())
        u.commit()
        return StatementRead.of(statement, lines)


def get_signing_statement(cmd: GetSigningStatement, *, uow: UowFactory, principal: Principal,
                          documents: DocumentStore) -> SigningStatementRead:
    """F05 on demand: a past day's signing statistics (《签单统计表》) of a store, produced once, then kept."""
    store = _statement_store(cmd, principal)
    now = utcnow()
    with uow() as u:
        statements.check_past(cmd.day(), u.settings.effective(store).today(now))
        statement = _statement(u, documents, statements.SIGNINGS, store, cmd.day(), now)
        lines = u.statements.signing_lines(store, cmd.day())
        u.commit()
        return SigningStatementRead.of(statement, lines)


def produce_daily_statements(uow: UowFactory, documents: DocumentStore, now: datetime | None = None) -> list[str]:
    """F05 for one tenant: yesterday's receipts statement and signing statistics of every store, once
    each (due before 10:00).

    Not an operation: the service's timer calls it for each tenant. Returns the stores whose
    receipts statement was produced now (the signing statistics go with it).
    """
    moment = now or utcnow()
    produced: list[str] = []
    with uow() as u:
        for store in u.statements.stores():
            # F05: the store's own yesterday, in its time zone (the tenant's setting).
            yesterday = u.settings.effective(store).today(moment) - timedelta(days=1)
            for kind in (statements.RECEIPTS, statements.SIGNINGS):
                if u.statements.find(kind, store, yesterday) is None:
                    _statement(u, documents, kind, store, yesterday, moment)
                    if kind == statements.RECEIPTS:
                        produced.append(store)
        u.commit()
    return produced


def _file_photo(u: FinanceUnitOfWork, documents: DocumentStore, member: crew.CrewMember, photo: str,
                now: datetime) -> None:
    data, content_type, extension = crew.parse_photo(photo)
    document_id = new_id()
    key = f"crew/{member.id}/{document_id}.{extension}"
    stored = documents.put(u.tenant_id, key, data, content_type)
    u.documents.add(notices.FinanceDocument(id=document_id, store=member.store, contract_id="",
                                            form_type="crew_member_photo", storage_key=key, sha256=stored.sha256,
                                            size=stored.size, content_hash=stored.sha256, created_at=now))
    member.file_photo(document_id)


def register_crew_member(cmd: RegisterCrewMember, *, uow: UowFactory, principal: Principal,
                         documents: DocumentStore) -> CrewMemberRead:
    """F08: finance registers a person of a crew who may draw material money, with their photo."""
    crew.check_may_register(principal.roles)
    principal.require_store(cmd.store, what="store")
    if cmd.photo is not None:
        crew.parse_photo(cmd.photo)  # 400 before anything is stored
    now = utcnow()
    with uow() as u:
        member = crew.CrewMember(id=new_id(), store=cmd.store, crew=cmd.crew, name=cmd.name, phone=cmd.phone,
                                 registered_by=principal.username, registered_at=now)
        if cmd.photo is not None:
            _file_photo(u, documents, member, cmd.photo, now)
        u.crew.add(member)
        u.commit()
        return CrewMemberRead.of(member, [])


def file_crew_photo(cmd: FileCrewPhoto, *, uow: UowFactory, principal: Principal,
                    documents: DocumentStore) -> CrewMemberRead:
    """F08: the photo finance keeps on file for a crew member; a new one replaces the old."""
    crew.check_may_register(principal.roles)
    crew.parse_photo(cmd.photo)
    with uow() as u:
        member = u.crew.member(cmd.crew_member_id, lock=True)
        principal.require_store(member.store, what="crew member")
        _file_photo(u, documents, member, cmd.photo, utcnow())
        u.commit()
        return CrewMemberRead.of(member, u.crew.draws(member.id))


def get_crew_member(cmd: GetCrewMember, *, uow: UowFactory, principal: Principal) -> CrewMemberRead:
    """F08: a crew member of the caller's stores, whether their photo is on file, and their draws."""
    crew.check_may_pay(principal.roles)
    with uow() as u:
        member = u.crew.member(cmd.crew_member_id)
        principal.require_store(member.store, what="crew member")
        return CrewMemberRead.of(member, u.crew.draws(member.id))


def draw_material_money(cmd: DrawMaterialMoney, *, uow: UowFactory, principal: Principal,
                        idempotency_key: str | None) -> MaterialDrawRead:
    """施工队领材料款 (F08, F07): pay material money to a crew member whose photo is on file (409 F08
    otherwise); a replayed key pays nothing new."""
    crew.check_may_pay(principal.roles)
    payments.check_idempotency_key(idempotency_key)

    def authorize(u: FinanceUnitOfWork) -> None:
        principal.require_store(u.crew.member(cmd.crew_member_id).store, what="crew member")

    def draw(u: FinanceUnitOfWork) -> dict[str, Any]:
        member = u.crew.member(cmd.crew_member_id, lock=True)
        principal.require_store(member.store, what="crew member")
        drawn = crew.MaterialDraw.draw(id=new_id(), member=member, amount=cmd.amount, contract_id=cmd.contract_id,
                                       note=cmd.note, paid_by=principal.username, at=utcnow())
        u.crew.add(drawn)
        return MaterialDrawRead.of(drawn).model_dump(mode="json")

    answer = run_idempotent(uow, "draw_material_money", idempotency_key, draw, caller=principal,
                            authorize=authorize, request=cmd)
    return MaterialDrawRead.model_validate(answer)
