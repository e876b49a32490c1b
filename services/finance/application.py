"""Use cases of the finance service: one function each, over a unit of work, returning plain data."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from services.finance import views
from services.finance.adapters.orm import FinancePolicyRow, InstallmentRow, PaymentPlanRow, PaymentRow
from services.finance.adapters.unit_of_work import FinanceUnitOfWork
from services.finance.commands import RecordPayment, SetFinancePolicy
from services.finance.domain import payments, plan
from services.finance.domain.events import (
    ContractSignedView,
    PaymentConfirmed,
    PaymentPlanOpened,
    PaymentRecorded,
)
from shared.clock import utcnow
from shared.context import Principal
from shared.ids import new_id
from shared.money import money_str
from shared.paging import clamp, page
from shared.uow import run_idempotent

UowFactory = Callable[[], FinanceUnitOfWork]

POLICY_SETTERS = ("tenant_admin", "finance")


def set_finance_policy(uow: UowFactory, principal: Principal, cmd: SetFinancePolicy) -> dict[str, Any]:
    """Set the tenant's first-installment ratio (F02); plans already open keep theirs."""
    principal.require_role(POLICY_SETTERS, rule="F02", action="set the payment policy")
    ratio = plan.check_ratio(cmd.first_installment_ratio)
    with uow() as u:
        row = u.repo.policy() or FinancePolicyRow(tenant_id=u.tenant_id)
        row.first_installment_ratio = ratio
        u.session.add(row)
        u.commit()
    return {"first_installment_ratio": f"{ratio.normalize():f}"}


def open_payment_plan(uow: UowFactory, *, handler: str, event: dict[str, Any]) -> None:
    """F02, C07: on ``contract_signed`` open the contract's plan, first installment due that day.

    Runs once per event (inbox) and once per contract, so a redelivered or replayed event
    opens no second plan (P03).
    """
    signed = ContractSignedView.model_validate(event)
    with uow() as u:
        if not u.claim_event(handler, signed.event_id):
            return
        if u.repo.find_plan(signed.contract_id) is None:
            ratio = u.repo.first_installment_ratio()
            row = PaymentPlanRow(contract_id=signed.contract_id, number=signed.number, store=signed.store,
                                 customer_name=signed.customer_name, total=signed.total,
                                 first_installment_ratio=ratio, signed_on=signed.signed_on,
                                 opened_at=utcnow())
            u.repo.add(row)
            schedule = plan.open_schedule(signed.total, ratio, signed.signed_on)
            for seq, inst in enumerate(schedule, start=1):
                u.repo.add(InstallmentRow(contract_id=signed.contract_id, kind=inst.kind, seq=seq,
                                          name=inst.name, amount=inst.amount, due_on=inst.due_on,
                                          status=inst.status))
            first = schedule[0]
            u.publish(PaymentPlanOpened(contract_id=signed.contract_id, store=signed.store,
                                        first_amount=money_str(first.amount or Decimal("0")),
                                        first_due_on=signed.signed_on.isoformat()))
        u.commit()


def get_payment_plan(uow: UowFactory, principal: Principal, contract_id: str) -> dict[str, Any]:
    """The plan of a contract of the caller's stores: installments, what is paid, the totals."""
    with uow() as u:
        row = u.repo.plan(contract_id)
        principal.require_store(row.store, what="payment plan")
        return views.payment_plan(row, u.repo.paid_by_kind(contract_id))


def _refresh_statuses(u: FinanceUnitOfWork, row: PaymentPlanRow) -> None:
    paid = u.repo.paid_by_kind(row.contract_id)
    for inst in row.installments:
        inst.status = plan.status_of(inst.amount, paid.get(inst.kind, Decimal("0")))


def record_payment(uow: UowFactory, principal: Principal, cmd: RecordPayment,
                   idempotency_key: str | None = None) -> dict[str, Any]:
    """收款 (F01, F02, F07): take money for an installment; a replayed key records nothing new."""
    payments.check_may_receive(principal.roles)
    payments.check_idempotency_key(idempotency_key)

    def authorize(u: FinanceUnitOfWork) -> None:
        principal.require_store(u.repo.plan(cmd.contract_id).store, what="payment plan")

    def record(u: FinanceUnitOfWork) -> dict[str, Any]:
        row = u.repo.plan(cmd.contract_id, lock=True)
        principal.require_store(row.store, what="payment plan")
        if cmd.kind in plan.INSTALLMENTS:
            inst = next(i for i in row.installments if i.kind == cmd.kind)
            paid = u.repo.paid_by_kind(row.contract_id).get(cmd.kind, Decimal("0"))
            plan.check_payable(cmd.kind, inst.amount, paid, cmd.amount)
        payment = PaymentRow(id=new_id(), contract_id=row.contract_id, store=row.store, kind=cmd.kind,
                             amount=cmd.amount, method=cmd.method, note=cmd.note,
                             status=payments.initial_status(principal.roles),
                             received_by=principal.username, received_at=utcnow())
        u.repo.add(payment)
        u.session.flush()
        _refresh_statuses(u, row)
        u.publish(PaymentRecorded(payment_id=payment.id, contract_id=row.contract_id, kind=cmd.kind,
                                  amount=money_str(cmd.amount), status=payment.status,
                                  received_by=principal.username))
        return views.payment(payment)

    return run_idempotent(uow, "record_payment", idempotency_key, record, caller=principal, authorize=authorize,
                          request=cmd)


def confirm_payment(uow: UowFactory, principal: Principal, payment_id: str) -> dict[str, Any]:
    """F01: finance confirms that money taken by an assistant or cashier has arrived."""
    principal.require_role(payments.CONFIRMERS, rule="F01", action="confirm payments")
    with uow() as u:
        payment = u.repo.payment(payment_id, lock=True)
        principal.require_store(payment.store, what="payment")
        payments.check_confirmable(payment.status)
        payment.status = payments.RECEIVED
        payment.confirmed_by, payment.confirmed_at = principal.username, utcnow()
        u.publish(PaymentConfirmed(payment_id=payment.id, contract_id=payment.contract_id,
                                   amount=money_str(payment.amount), confirmed_by=principal.username))
        u.commit()
        return views.payment(payment)


def list_payments(uow: UowFactory, principal: Principal, *, contract_id: str, limit: int = 50,
                  cursor: str | None = None) -> dict[str, Any]:
    """Payments of a contract of the caller's stores, oldest first, a page at a time."""
    limit = clamp(limit)
    with uow() as u:
        row = u.repo.plan(contract_id)
        principal.require_store(row.store, what="payment plan")
        rows = u.repo.payments(contract_id, limit=limit + 1, after=cursor)
        return page(rows, limit, views.payment)
