"""Reporting's own reading of the events it consumes, and the one event it publishes (S04).

Each view asks only for what the publisher's event carries (``tests/unit/test_event_contracts.py``
holds them to it); reporting never imports another service.
"""

from __future__ import annotations

from decimal import Decimal

from shared.messaging.events import Event, EventView


class LeadRegisteredView(EventView):
    """``sales.lead_registered``: one more lead for its store (S04)."""

    lead_id: str
    store: str


class ContractSignedView(EventView):
    """``contracts.contract_signed``: a signed contract and its value (C07)."""

    contract_id: str
    store: str
    total: Decimal


class PaymentRecordedView(EventView):
    """``finance.payment_recorded``: money taken; ``status`` says whether finance counts it yet (F01)."""

    payment_id: str
    contract_id: str
    amount: Decimal
    status: str


class PaymentConfirmedView(EventView):
    """``finance.payment_confirmed``: finance confirmed that money in transit arrived (F01)."""

    payment_id: str
    contract_id: str
    amount: Decimal


class ProjectOpenedView(EventView):
    """``construction.project_opened``: a project on 《在施工程一览表》 (K01)."""

    project_id: str
    store: str


class StepCompletedView(EventView):
    """``construction.step_completed``: the last step of the sequence completes the project (K07)."""

    project_id: str
    step: str


class ComplaintRecordedView(EventView):
    """``aftercare.complaint_recorded``: an open complaint (A06)."""

    complaint_id: str
    store: str


class ComplaintResolvedView(EventView):
    """``aftercare.complaint_resolved``: the complaint is closed (A06)."""

    complaint_id: str
    store: str


class StatisticsProduced(Event):
    """S04: a store's weekly customer resource statistics, produced once, for the roles the rule names.

    The same fields as finance's ``statement_produced`` (F05), so notifications reads both alike;
    another name, as one service consumes one event name from one publisher only.
    """

    event_type = "statistics_produced"
    version = 1

    kind: str
    title: str
    store: str
    period: str
    document_id: str
    total: str
    recipient_roles: list[str]
