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
from datetime import date, datetime
from decimal import Decimal

from services.finance.domain import payments, plan
from services.finance.domain.events import InstallmentPaid, PaymentConfirmed, PaymentPlanOpened, PaymentRecorded
from services.finance.domain.payments import PaymentStatus
from services.finance.domain.plan import InstallmentStatus
from shared.messaging.events import Event
from shared.money import money_str

ZERO = Decimal("0")


class FinancePolicy:
    """A tenant's own first-installment ratio (F02); a tenant without one uses the default 60%."""

    def __init__(self, first_installment_ratio: Decimal) -> None:
        self.first_installment_ratio = plan.check_ratio(first_installment_ratio)

    def change_ratio(self, ratio: Decimal) -> None:
        """F02: a new ratio for plans opened from now on; plans already open keep theirs."""
        self.first_installment_ratio = plan.check_ratio(ratio)


class Installment:
    """One installment of a plan: its amount is None until a signed settlement fixes it (F02)."""

    def __init__(self, kind: str, seq: int, name: str, amount: Decimal | None, due_on: date | None,
                 status: InstallmentStatus) -> None:
        self.kind, self.seq, self.name, self.amount, self.due_on, self.status = kind, seq, name, amount, due_on, status


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
             signed_on: date, opened_at: datetime, policy: FinancePolicy | None) -> PaymentPlan:
        """F02, C07: the plan at the tenant's ratio (else 60%), its first installment due on signing."""
        ratio = policy.first_installment_ratio if policy else plan.DEFAULT_FIRST_INSTALLMENT_RATIO
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
