"""The notifications service's reading of the events that feed the inbox; it publishes none.

No view reads a customer's name or address (A07): an alert names the contract number.
"""

from __future__ import annotations

from datetime import date

from shared.messaging.events import EventView


class PaymentOverdueView(EventView):
    """``finance.payment_overdue`` (F03): money not in by its due date."""

    contract_id: str
    number: str
    store: str
    kind: str
    outstanding: str
    due_on: date
    alert_roles: list[str]


class PaymentNoticeIssuedView(EventView):
    """``finance.payment_notice_issued`` (F03, F04): a payment notice to present to the customer."""

    contract_id: str
    number: str
    store: str
    kind: str
    amount: str
    due_on: date


class ComplaintEscalatedView(EventView):
    """``aftercare.complaint_escalated`` (A06): a major complaint, to the general manager at once."""

    complaint_id: str
    contract_id: str
    store: str
    reason: str
    detail: str
    escalated_to: str


class RepairsNotReturnedView(EventView):
    """``aftercare.repairs_not_returned`` (A04): the 17:00 list for the department head."""

    store: str
    on: date
    repair_ids: list[str]
    alert_roles: list[str]


class StatementProducedView(EventView):
    """``finance.statement_produced`` (F05) and ``reporting.statistics_produced`` (S04): a statement
    for the roles the rule names."""

    kind: str
    title: str
    store: str
    period: str
    document_id: str
    total: str
    recipient_roles: list[str]
