"""Events finance publishes, and finance's own reading of the events it consumes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from shared.messaging.events import Event, EventView


class ContractSignedView(EventView):
    """What finance reads of ``contracts.contract_signed`` (C07): enough to open the plan."""

    contract_id: str
    number: str
    store: str
    customer_name: str = ""
    total: Decimal
    signed_on: date


class PaymentPlanOpened(Event):
    event_type = "payment_plan_opened"
    version = 1

    contract_id: str
    store: str
    first_amount: str
    first_due_on: str


class PaymentRecorded(Event):
    """收款: money taken for a contract (F01, F07)."""

    event_type = "payment_recorded"
    version = 1

    payment_id: str
    contract_id: str
    kind: str
    amount: str
    status: str
    received_by: str


class PaymentConfirmed(Event):
    """Finance confirmed that money taken by an assistant or cashier arrived (F01)."""

    event_type = "payment_confirmed"
    version = 1

    payment_id: str
    contract_id: str
    amount: str
    confirmed_by: str


class InstallmentPaid(Event):
    """An installment fully paid by confirmed payments (F01: money in transit does not count).

    For the deposit, which has no set amount, each confirmed deposit payment: ``amount`` is the
    confirmed deposit money so far. Construction's K17 keys gate and aftercare's warranty card (A01)
    read the ``final`` one.
    """

    event_type = "installment_paid"
    version = 1

    contract_id: str
    store: str
    kind: str
    amount: str
    paid_on: date


class MidtermSettlementSignedView(EventView):
    """What finance reads of ``construction.midterm_settlement_signed`` (F02, F03)."""

    contract_id: str
    store: str
    document_id: str
    amount: Decimal
    signed_on: date


class CompletionSettlementSignedView(EventView):
    """What finance reads of ``construction.completion_settlement_signed`` (F02, F04)."""

    contract_id: str
    store: str
    document_id: str
    amount: Decimal
    signed_on: date


class CompletionAcceptedView(EventView):
    """What finance reads of ``construction.completion_accepted``: the final is due 3 days later (F04)."""

    contract_id: str
    store: str
    accepted_on: date


class InstallmentSet(Event):
    """F02: a signed settlement fixed an installment's amount (and its due date when known)."""

    event_type = "installment_set"
    version = 1

    contract_id: str
    store: str
    kind: str
    amount: str | None
    due_on: date | None
    settlement_document_id: str | None


class PaymentNoticeIssued(Event):
    """F03/F04: 《中期交款通知书》 or 《尾期交款通知书》 issued with its amount and due date."""

    event_type = "payment_notice_issued"
    version = 1

    contract_id: str
    number: str
    store: str
    kind: str
    amount: str
    issued_on: date
    due_on: date


class PaymentNoticeSigned(Event):
    """F03: the customer signed the mid-term payment notice."""

    event_type = "payment_notice_signed"
    version = 1

    contract_id: str
    store: str
    kind: str
    signed_by: str


class PaymentOverdue(Event):
    """F03: money not in by its due date; engineering and the general manager are alerted at once."""

    event_type = "payment_overdue"
    version = 1

    contract_id: str
    number: str
    store: str
    kind: str
    amount: str
    outstanding: str
    due_on: date
    alert_roles: list[str]


class StatementProduced(Event):
    """F05: a statement of a store and period, produced once, for the roles the rule names."""

    event_type = "statement_produced"
    version = 1

    kind: str
    title: str
    store: str
    period: str
    document_id: str
    total: str
    recipient_roles: list[str]
