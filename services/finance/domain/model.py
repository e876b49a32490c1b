"""The finance aggregates: a contract's payment plan, the payments taken for it, the tenant's policy.

Plain Python: the adapters map these classes onto the tables (SQLAlchemy imperative mapping), so
the rules of ``plan.py`` (F02) and ``payments.py`` (F01) are applied by the objects the use cases
load and save. State changes record their domain events on ``events``; the use case publishes
them through its unit of work.

A payment is its own aggregate, not a part of the plan: confirming one (F01) touches that payment
alone, while taking one locks the plan, whose installments and their limits it changes (F02).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal

from services.finance.domain import payments, plan
from services.finance.domain.events import (
    InstallmentPaid,
    InstallmentSet,
    PaymentConfirmed,
    PaymentNoticeIssued,
    PaymentNoticeSigned,
    PaymentOverdue,
    PaymentPlanOpened,
    PaymentRecorded,
)
from services.finance.domain.payments import PaymentStatus
from services.finance.domain.plan import InstallmentStatus
from shared.errors import Conflict
from shared.messaging.events import Event
from shared.money import money_str

ZERO = Decimal("0")
#: F03: who is alerted at once when money is not in by its due date (engineering and the GM).
OVERDUE_ALERTS = ("engineering_manager", "general_manager")


class FinancePolicy:
    """A tenant's own first-installment ratio (F02); a tenant without one uses the default 60%."""

    def __init__(self, first_installment_ratio: Decimal) -> None:
        self.first_installment_ratio = plan.check_ratio(first_installment_ratio)

    def change_ratio(self, ratio: Decimal) -> None:
        """F02: a new ratio for plans opened from now on; plans already open keep theirs."""
        self.first_installment_ratio = plan.check_ratio(ratio)


class Installment:
    """One installment of a plan: its amount is None until a signed settlement fixes it (F02).

    The mid-term and final installments carry their payment notice (F03, F04): issued on a day,
    due on ``due_on``, its PDF once rendered, and the customer's signature on the mid-term one.
    """

    settlement_document_id: str | None
    notice_issued_on: date | None
    notice_document_id: str | None
    notice_signed_by: str | None
    notice_signed_at: datetime | None
    overdue_alerted_at: datetime | None

    def __init__(self, kind: str, seq: int, name: str, amount: Decimal | None, due_on: date | None,
                 status: InstallmentStatus) -> None:
        self.kind, self.seq, self.name, self.amount, self.due_on, self.status = kind, seq, name, amount, due_on, status
        self.settlement_document_id = None
        self.notice_issued_on = self.notice_document_id = self.notice_signed_by = None
        self.notice_signed_at = self.overdue_alerted_at = None


class Payment:
    """收款记录: money taken for a contract, by whom, and whether finance has it (F01)."""

    events: list[Event]

    def __init__(self, *, id: str, contract_id: str, store: str, kind: str, amount: Decimal, method: str,
                 note: str | None, status: PaymentStatus, received_by: str, received_at: datetime,
                 received_on: date | None = None) -> None:
        self.id, self.contract_id, self.store, self.kind = id, contract_id, store, kind
        self.amount, self.method, self.note, self.status = amount, method, note, status
        self.received_by, self.received_at, self.received_on = received_by, received_at, received_on
        self.confirmed_by: str | None = None
        self.confirmed_at: datetime | None = None
        self.events = []

    def confirm(self, *, by: str, at: datetime) -> None:
        """F01: finance confirms that money taken by an assistant or cashier has arrived, once."""
        payments.check_confirmable(self.status)
        self.status = payments.RECEIVED
        self.confirmed_by, self.confirmed_at = by, at
        self.events.append(PaymentConfirmed(payment_id=self.id, contract_id=self.contract_id,
                                            amount=money_str(self.amount), confirmed_by=by))


class PaymentPlan:
    """One contract's payment plan, opened when the contract is signed (F02, C07)."""

    events: list[Event]
    installments: list[Installment]

    def __init__(self, *, contract_id: str, number: str, store: str, customer_name: str, total: Decimal,
                 first_installment_ratio: Decimal, signed_on: date, opened_at: datetime) -> None:
        self.contract_id, self.number, self.store, self.customer_name = contract_id, number, store, customer_name
        self.total, self.first_installment_ratio = total, first_installment_ratio
        self.signed_on, self.opened_at = signed_on, opened_at
        self.installments = []
        self.events = []

    @classmethod
    def open(cls, *, contract_id: str, number: str, store: str, customer_name: str, total: Decimal,
             signed_on: date, opened_at: datetime, policy: FinancePolicy | None,
             ratio: Decimal | None = None) -> PaymentPlan:
        """F02, C07: the plan at ``ratio`` (the tenant's setting), else the finance policy's, else 60%;
        its first installment is due on signing."""
        if ratio is None:
            ratio = policy.first_installment_ratio if policy else plan.DEFAULT_FIRST_INSTALLMENT_RATIO
        ratio = plan.check_ratio(ratio)
        opened = cls(contract_id=contract_id, number=number, store=store, customer_name=customer_name,
                     total=total, first_installment_ratio=ratio, signed_on=signed_on, opened_at=opened_at)
        schedule = plan.open_schedule(total, ratio, signed_on)
        opened.installments = [Installment(s.kind, seq, s.name, s.amount, s.due_on, s.status)
                               for seq, s in enumerate(schedule, start=1)]
        opened.events.append(PaymentPlanOpened(contract_id=contract_id, store=store,
                                               first_amount=money_str(schedule[0].amount or ZERO),
                                               first_due_on=signed_on.isoformat()))
        return opened

    def installment(self, kind: str) -> Installment | None:
        """The installment of ``kind``; None for money outside the installments (a deposit)."""
        return next((i for i in self.installments if i.kind == kind), None)

    def receive(self, *, payment_id: str, kind: str, amount: Decimal, method: str, note: str | None,
                roles: Iterable[str], by: str, at: datetime, paid: Mapping[str, Decimal],
                in_transit: Mapping[str, Decimal], on: date) -> Payment:
        """收款 (F01, F02): money for an installment within what is outstanding, or a deposit.

        ``paid`` is the confirmed money on this plan per kind, ``in_transit`` the money taken by an
        assistant or cashier that finance has yet to confirm. The limit counts both, so money in
        transit is not collected twice; only finance's own payment counts as paid at once (F01).
        ``on`` is the store-local day the money came in.
        """
        installment = self.installment(kind)
        if installment is not None:
            plan.check_payable(kind, installment.amount, paid.get(kind, ZERO) + in_transit.get(kind, ZERO), amount)
        payment = Payment(id=payment_id, contract_id=self.contract_id, store=self.store, kind=kind, amount=amount,
                          method=method, note=note, status=payments.initial_status(roles), received_by=by,
                          received_at=at, received_on=on)
        payment.events.append(PaymentRecorded(payment_id=payment_id, contract_id=self.contract_id, kind=kind,
                                              amount=money_str(amount), status=payment.status.value,
                                              received_by=by))
        if payment.status in payments.COUNTED:
            self.count(kind, {**paid, kind: paid.get(kind, ZERO) + amount}, on=on)
        return payment

    def count(self, kind: str, paid: Mapping[str, Decimal], *, on: date) -> None:
        """Confirmed money of ``kind`` changed (F01): refresh the statuses; announce a paid installment.

        ``installment_paid`` goes out once, when the installment turns paid; for the deposit (no
        set amount) each confirmed deposit payment announces the confirmed deposit money.
        """
        inst = self.installment(kind)
        was_paid = inst is not None and inst.status == InstallmentStatus.PAID
        self.refresh(paid)
        if inst is None or (inst.status == InstallmentStatus.PAID and not was_paid):
            self.events.append(InstallmentPaid(contract_id=self.contract_id, store=self.store, kind=kind,
                                               amount=money_str(paid.get(kind, ZERO)), paid_on=on))

    def refresh(self, paid: Mapping[str, Decimal]) -> None:
        """Each installment's status from its amount and the confirmed money for it (``paid``)."""
        for inst in self.installments:
            inst.status = plan.status_of(inst.amount, paid.get(inst.kind, ZERO))

    def totals(self, paid: Mapping[str, Decimal]) -> dict[str, Decimal]:
        """What the contract is worth, what is scheduled, paid and outstanding, and the deposits."""
        scheduled = sum((i.amount for i in self.installments if i.amount is not None), ZERO)
        paid_on_plan = sum((paid.get(i.kind, ZERO) for i in self.installments), ZERO)
        return {"contract_total": self.total, "scheduled": scheduled, "paid": paid_on_plan,
                "outstanding": self.total - paid_on_plan, "deposits": paid.get("deposit", ZERO)}

    def _installment(self, kind: str) -> Installment:
        inst = self.installment(kind)
        assert inst is not None, kind  # every plan has its three installments
        return inst

    def _set(self, inst: Installment, amount: Decimal, document_id: str) -> bool:
        """F02: the settlement's amount; False when this settlement was already applied."""
        if inst.settlement_document_id == document_id:
            return False
        inst.amount = plan.check_settled_amount(inst.kind, amount)
        inst.settlement_document_id = document_id
        return True

    def _issue_notice(self, inst: Installment, issued_on: date) -> None:
        """F03/F04: the payment notice of an installment whose amount and due date are known.

        A corrected settlement (a new document) issues the notice again and re-arms the alert.
        """
        if inst.amount is None or inst.due_on is None:
            return
        inst.notice_issued_on, inst.notice_document_id = issued_on, None
        inst.notice_signed_by = inst.notice_signed_at = inst.overdue_alerted_at = None
        self.events.append(PaymentNoticeIssued(contract_id=self.contract_id, number=self.number, store=self.store,
                                               kind=inst.kind, amount=money_str(inst.amount),
                                               issued_on=issued_on, due_on=inst.due_on))

    def _announce_set(self, inst: Installment) -> None:
        self.events.append(InstallmentSet(contract_id=self.contract_id, store=self.store, kind=inst.kind,
                                          amount=money_str(inst.amount) if inst.amount is not None else None,
                                          due_on=inst.due_on, settlement_document_id=inst.settlement_document_id))

    def settle_midterm(self, *, amount: Decimal, document_id: str, signed_on: date,
                       paid: Mapping[str, Decimal], due_days: int = plan.MIDTERM_DUE_DAYS) -> bool:
        """F02, F03: the signed mid-term settlement fixes the mid-term amount and issues its notice,
        due :data:`~plan.MIDTERM_DUE_DAYS` days later. False if this settlement was applied already."""
        inst = self._installment("midterm")
        if not self._set(inst, amount, document_id):
            return False
        inst.due_on = plan.midterm_due(signed_on, due_days)
        self.refresh(paid)
        self._announce_set(inst)
        self._issue_notice(inst, signed_on)
        return True

    def settle_final(self, *, amount: Decimal, document_id: str, signed_on: date,
                     paid: Mapping[str, Decimal], due_days: int = plan.FINAL_DUE_DAYS) -> bool:
        """F02, F04: the signed completion settlement fixes the final amount; with the completion
        acceptance known, the final notice goes out. False if this settlement was applied already."""
        inst = self._installment("final")
        if not self._set(inst, amount, document_id):
            return False
        self.refresh(paid)
        self._announce_set(inst)
        if inst.due_on is not None:
            self._issue_notice(inst, max(signed_on, inst.due_on - timedelta(days=due_days)))
        return True

    def accept_completion(self, *, accepted_on: date, paid: Mapping[str, Decimal],
                          due_days: int = plan.FINAL_DUE_DAYS) -> bool:
        """F04: the completion acceptance makes the final payment due ``due_days`` (3) later, with its
        notice (once the completion settlement gave the amount). False if already applied."""
        inst = self._installment("final")
        due = plan.final_due(accepted_on, due_days)
        if inst.due_on == due:
            return False
        inst.due_on = due
        self.refresh(paid)
        self._announce_set(inst)
        self._issue_notice(inst, accepted_on)
        return True

    def sign_notice(self, kind: str, *, signed_by: str, at: datetime) -> Installment:
        """F03: the customer signs the payment notice, once it is issued, and once."""
        inst = self.installment(kind)
        if inst is None or kind not in plan.NOTICES:
            raise Conflict(f"there is no payment notice for {kind}", rule="F03", field="kind")
        if inst.notice_issued_on is None:
            raise Conflict(f"the {plan.NOTICES[kind]} is not issued yet: it follows the signed settlement",
                           rule="F03", field="kind")
        if inst.notice_signed_at is not None:
            raise Conflict(f"the customer already signed the {plan.NOTICES[kind]}", rule="F03", field="kind")
        inst.notice_signed_by, inst.notice_signed_at = signed_by, at
        self.events.append(PaymentNoticeSigned(contract_id=self.contract_id, store=self.store, kind=kind,
                                               signed_by=signed_by))
        return inst

    def attach_notice_document(self, kind: str, document_id: str) -> None:
        """The rendered PDF of an installment's payment notice."""
        self._installment(kind).notice_document_id = document_id

    def alert_overdue(self, *, today: date, paid: Mapping[str, Decimal], at: datetime) -> list[str]:
        """F03: each installment not fully paid (confirmed) by its due date alerts engineering and the
        general manager, once per due date; the kinds alerted now."""
        alerted = []
        for inst in self.installments:
            if inst.overdue_alerted_at is not None or not plan.overdue(inst.amount, inst.due_on, inst.status, today):
                continue
            assert inst.amount is not None and inst.due_on is not None
            inst.overdue_alerted_at = at
            self.events.append(PaymentOverdue(
                contract_id=self.contract_id, number=self.number, store=self.store, kind=inst.kind,
                amount=money_str(inst.amount), outstanding=money_str(inst.amount - paid.get(inst.kind, ZERO)),
                due_on=inst.due_on, alert_roles=list(OVERDUE_ALERTS)))
            alerted.append(inst.kind)
        return alerted
