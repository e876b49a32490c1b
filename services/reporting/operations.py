"""The reporting service's operations and the events it consumes, each declared once."""

from __future__ import annotations

from services.reporting import application as app
from services.reporting.adapters.orm import TENANT_SETTINGS
from services.reporting.commands import DocumentRef, GetCustomerResourceStatistics, GetDashboard
from services.reporting.domain.events import (
    ComplaintRecordedView,
    ComplaintResolvedView,
    ContractSignedView,
    LeadRegisteredView,
    PaymentConfirmedView,
    PaymentRecordedView,
    ProjectOpenedView,
    StepCompletedView,
)
from services.reporting.results import CustomerResourceStatisticsRead, DashboardRead, DocumentContent
from services.reporting.tenant_data import OPERATIONS as TENANT_DATA
from shared.messaging.consumers import Consumer
from shared.messaging.operations import Operation, Route
from shared.tenant_settings import tenant_settings_operation

OPERATIONS = (
    Operation(app.get_dashboard, GetDashboard, DashboardRead,
              Route("GET", "/dashboard", query=("from_", "to", "store"))),
    Operation(app.get_customer_resource_statistics, GetCustomerResourceStatistics, CustomerResourceStatisticsRead,
              Route("GET", "/statements/customer-resources", query=("week", "store")), writes=True),
    # Not public: the gateway's download asks each owner of documents (decision 0025).
    Operation(app.document_content, DocumentRef, DocumentContent),
    *TENANT_DATA,
    tenant_settings_operation(TENANT_SETTINGS),
)

EVENT_HANDLERS = (
    Consumer("sales", "lead_registered", LeadRegisteredView, app.count_lead),
    Consumer("contracts", "contract_signed", ContractSignedView, app.count_signed_contract),
    Consumer("finance", "payment_recorded", PaymentRecordedView, app.count_recorded_payment),
    Consumer("finance", "payment_confirmed", PaymentConfirmedView, app.count_confirmed_payment),
    Consumer("construction", "project_opened", ProjectOpenedView, app.count_opened_project),
    Consumer("construction", "step_completed", StepCompletedView, app.count_finished_project),
    Consumer("aftercare", "complaint_recorded", ComplaintRecordedView, app.count_complaint),
    Consumer("aftercare", "complaint_resolved", ComplaintResolvedView, app.count_resolved_complaint),
)
