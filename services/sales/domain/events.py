"""Events the sales service publishes (versioned; consumers declare their own views)."""

from __future__ import annotations

from shared.messaging.events import Event, EventView


class LeadRegistered(Event):
    """A reception entered in the customer resource register (《客户资源登记表》, S04).

    The contracts service reads lead_id, store, customer_name, address and designer: keep them.
    """

    event_type = "lead_registered"
    version = 1

    lead_id: str
    store: str
    customer_name: str
    phone: str
    address: str
    source: str
    channel: str
    consultation_channel: str
    designer: str
    status: str


class LeadAssigned(Event):
    """S03: a lead waiting in the marketing (or studio) queue went to a designer of its store."""

    event_type = "lead_assigned"
    version = 1

    lead_id: str
    store: str
    designer: str
    assigned_by: str


class EstimateGiven(Event):
    event_type = "estimate_given"
    version = 1

    estimate_id: str
    lead_id: str
    store: str
    scope: str
    total: str


class DepositReceived(Event):
    """订金 received before measuring; it lets measurement visits skip approval (S05)."""

    event_type = "deposit_received"
    version = 1

    lead_id: str
    store: str
    amount: str
    received_by: str


class MeasurementRequested(Event):
    event_type = "measurement_requested"
    version = 1

    request_id: str
    lead_id: str
    store: str
    requested_for: str
    status: str
    designer: str


class MeasurementScheduled(Event):
    """A waiting measurement visit became scheduled (approved, or the deposit arrived)."""

    event_type = "measurement_scheduled"
    version = 1

    request_id: str
    lead_id: str
    store: str
    requested_for: str
    approved_by: str
    reason: str  # "approved" by the studio manager, or "deposit_paid" (S05)


class MeasurementRecorded(Event):
    event_type = "measurement_recorded"
    version = 1

    measurement_id: str
    lead_id: str
    store: str
    total_floor_area_m2: str
    wall_structures: list[str]


class DesignDrafted(Event):
    event_type = "design_drafted"
    version = 1

    design_id: str
    lead_id: str
    store: str
    version_number: int
    total: str


class DesignConfirmed(Event):
    """The customer confirmed (认定) one floor plan and preliminary budget version (S07)."""

    event_type = "design_confirmed"
    version = 1

    design_id: str
    lead_id: str
    store: str
    version_number: int
    floor_plan_document_id: str
    total: str
    designer: str
    confirmed_at: str


class ContractSignedView(EventView):
    """What sales reads of ``contracts.contract_signed``: which lead became a customer (C07)."""

    lead_id: str
    number: str
