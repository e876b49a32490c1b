"""The aftercare service's operations and the events it consumes, each declared once.

The nameko class (``service.py``) and the gateway's routes are generated from these tables.
"""

from __future__ import annotations

from services.aftercare import application as app
from services.aftercare.commands import (
    AnswerComplaint,
    ClassifyComplaint,
    GetComplaint,
    GetCustomerArchive,
    ListComplaints,
    PassOnComplaint,
    RecordComplaint,
    ResolveComplaint,
)
from services.aftercare.domain.events import ContractSignedView
from services.aftercare.results import ComplaintPage, ComplaintRead, CustomerArchiveRead
from shared.messaging.consumers import Consumer
from shared.messaging.operations import Operation, Route

COMPLAINT = "/complaints/{complaint_id}"

OPERATIONS = (
    Operation(app.get_customer_archive, GetCustomerArchive, CustomerArchiveRead,
              Route("GET", "/customer-archive/{contract_id}")),
    Operation(app.record_complaint, RecordComplaint, ComplaintRead, Route("POST", "/complaints", status=201)),
    Operation(app.list_complaints, ListComplaints, ComplaintPage,
              Route("GET", "/complaints", query=("contract_id", "store", "status", "limit", "cursor"))),
    Operation(app.get_complaint, GetComplaint, ComplaintRead, Route("GET", COMPLAINT)),
    Operation(app.classify_complaint, ClassifyComplaint, ComplaintRead, Route("POST", f"{COMPLAINT}/classify")),
    Operation(app.pass_on_complaint, PassOnComplaint, ComplaintRead, Route("POST", f"{COMPLAINT}/pass-on")),
    Operation(app.answer_complaint, AnswerComplaint, ComplaintRead, Route("POST", f"{COMPLAINT}/answer")),
    Operation(app.resolve_complaint, ResolveComplaint, ComplaintRead,
              Route("POST", f"{COMPLAINT}/resolve", optional_body=True)),
)

EVENT_HANDLERS = (
    Consumer("contracts", "contract_signed", ContractSignedView, app.open_customer_archive),
)

from services.aftercare.tenant_data import OPERATIONS as TENANT_DATA  # noqa: E402 - kept apart from the table above

OPERATIONS += TENANT_DATA
