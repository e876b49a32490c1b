"""The sales service's operations, each declared once; it consumes no events yet.

The nameko class (``service.py``) and the gateway's routes are generated from this table.
"""

from __future__ import annotations

from services.sales.application import designs, leads, measurements
from services.sales.commands import (
    ApproveMeasurementRequest,
    AssignLead,
    ConfirmDesign,
    DraftDesign,
    GetDesign,
    GetLead,
    GiveEstimate,
    ListLeads,
    ListMeasurementRequests,
    RecordDeposit,
    RecordMeasurement,
    RegisterLead,
    RequestMeasurement,
)
from services.sales.domain.events import ContractSignedView
from services.sales.results import (
    DesignRead,
    EstimateRead,
    LeadDetail,
    LeadPage,
    LeadRead,
    MeasurementRead,
    MeasurementRequestPage,
    MeasurementRequestRead,
)
from shared.messaging.consumers import Consumer
from shared.messaging.operations import Operation, Route

LEAD = "/leads/{lead_id}"

OPERATIONS = (
    Operation(leads.register_lead, RegisterLead, LeadRead, Route("POST", "/leads", status=201)),
    Operation(leads.list_leads, ListLeads, LeadPage,
              Route("GET", "/leads", query=("store", "status", "assignee", "queue", "limit", "cursor"))),
    Operation(leads.assign_lead, AssignLead, LeadRead, Route("POST", f"{LEAD}/assign")),
    Operation(leads.get_lead, GetLead, LeadDetail, Route("GET", LEAD)),
    Operation(leads.give_estimate, GiveEstimate, EstimateRead, Route("POST", f"{LEAD}/estimates", status=201)),
    Operation(leads.record_deposit, RecordDeposit, LeadRead, Route("POST", f"{LEAD}/deposit", status=201)),
    Operation(measurements.request_measurement, RequestMeasurement, MeasurementRequestRead,
              Route("POST", f"{LEAD}/measurement-requests", status=201)),
    Operation(measurements.approve_measurement_request, ApproveMeasurementRequest, MeasurementRequestRead,
              Route("POST", "/measurement-requests/{request_id}/approve")),
    Operation(measurements.list_measurement_requests, ListMeasurementRequests, MeasurementRequestPage,
              Route("GET", "/measurement-requests", query=("store", "status", "limit", "cursor"))),
    Operation(measurements.record_measurement, RecordMeasurement, MeasurementRead,
              Route("POST", f"{LEAD}/measurements", status=201)),
    Operation(designs.draft_design, DraftDesign, DesignRead, Route("POST", f"{LEAD}/designs", status=201)),
    Operation(designs.get_design, GetDesign, DesignRead, Route("GET", "/designs/{design_id}")),
    Operation(designs.confirm_design, ConfirmDesign, DesignRead, Route("POST", "/designs/{design_id}/confirm")),
)

EVENT_HANDLERS: tuple[Consumer, ...] = (
    Consumer("contracts", "contract_signed", ContractSignedView, leads.mark_lead_contracted),
)

from services.sales.tenant_data import OPERATIONS as TENANT_DATA  # noqa: E402 - kept apart from the table above

OPERATIONS += TENANT_DATA
