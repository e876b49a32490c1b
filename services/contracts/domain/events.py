"""Events the contracts service publishes (versioned), and its own reading of the events it consumes."""

from __future__ import annotations

from shared.messaging.events import Event, EventView


class QuoteIssued(Event):
    event_type = "quote_issued"
    version = 1

    quote_id: str
    lead_id: str
    store: str
    total: str


class SpecialItemApproved(Event):
    """The studio manager approved a special item of a quote (C02)."""

    event_type = "special_item_approved"
    version = 1

    quote_id: str
    store: str
    line: int
    name: str
    amount: str
    approved_by: str


class ContractSigned(Event):
    """签约: the contract reaches engineering statistics and finance the day it is signed (C07)."""

    event_type = "contract_signed"
    version = 1

    contract_id: str
    number: str
    lead_id: str
    quote_id: str
    store: str
    customer_name: str
    address: str
    designer: str
    total: str
    signed_at: str
    signed_on: str
    market_party: bool


class ContractCancelled(Event):
    """A draft contract the customer decided against; it was never signed or numbered."""

    event_type = "contract_cancelled"
    version = 1

    contract_id: str
    lead_id: str
    store: str
    reason: str
    cancelled_by: str


class LeadRegisteredView(EventView):
    """What contracts reads of ``sales.lead_registered``: whose lead it is and for which store."""

    lead_id: str
    store: str
    customer_name: str
    address: str | None = None
    designer: str | None = None
