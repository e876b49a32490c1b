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
