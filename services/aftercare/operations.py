"""The aftercare service's operations and the events it consumes, each declared once.

The nameko class (``service.py``) and the gateway's routes are generated from these tables.
"""

from __future__ import annotations

from services.aftercare import application as app
from services.aftercare.commands import (
    AddRepairCost,
    AnswerComplaint,
    ApproveRepairCost,
    CallBackComplaint,
    CallBackRepair,
    ClassifyComplaint,
    CompleteRepair,
    DispatchRepair,
    DocumentRef,
    ExtendRepair,
    GetComplaint,
    GetCustomerArchive,
    GetRepair,
    GetWarranties,
    GetWorkCalendar,
    IssueWarrantyCard,
    ListComplaints,
    ListRepairs,
    NotReturnedRepairs,
    PassOnComplaint,
    RecordComplaint,
    RecordRepair,
    RecordWarrantyCallback,
    ResolveComplaint,
    SetWorkCalendar,
    SurveyRepair,
)
from services.aftercare.domain.events import CompletionAcceptedView, ContractSignedView, InstallmentPaidView
from services.aftercare.results import (
    ComplaintPage,
    ComplaintRead,
    CustomerArchiveRead,
    DocumentContent,
    RepairCostRead,
    RepairPage,
    RepairRead,
    WarrantyList,
    WarrantyRead,
    WorkCalendarRead,
)
from shared.messaging.consumers import Consumer
from shared.messaging.operations import Operation, Route

COMPLAINT = "/complaints/{complaint_id}"
REPAIR = "/repairs/{repair_id}"

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
    Operation(app.call_back_complaint, CallBackComplaint, ComplaintRead, Route("POST", f"{COMPLAINT}/callback")),
    Operation(app.get_warranties, GetWarranties, WarrantyList, Route("GET", "/warranties", query=("contract_id",))),
    Operation(app.issue_warranty_card, IssueWarrantyCard, WarrantyRead,
              Route("POST", "/warranties/{contract_id}/card", status=201)),
    # Not public: the gateway's download asks each owner of documents (decision 0025).
    Operation(app.document_content, DocumentRef, DocumentContent),
    Operation(app.record_warranty_callback, RecordWarrantyCallback, WarrantyRead,
              Route("POST", "/warranties/{contract_id}/callbacks/{seq}")),
    Operation(app.record_repair, RecordRepair, RepairRead, Route("POST", "/repairs", status=201)),
    Operation(app.list_repairs, ListRepairs, RepairPage,
              Route("GET", "/repairs", query=("store", "status", "contract_id", "limit", "cursor"))),
    Operation(app.not_returned_repairs, NotReturnedRepairs, RepairPage,
              Route("GET", "/repairs/not-returned", query=("store",))),
    Operation(app.get_repair, GetRepair, RepairRead, Route("GET", REPAIR)),
    Operation(app.survey_repair, SurveyRepair, RepairRead, Route("POST", f"{REPAIR}/survey")),
    Operation(app.extend_repair, ExtendRepair, RepairRead, Route("POST", f"{REPAIR}/extend")),
    Operation(app.dispatch_repair, DispatchRepair, RepairRead, Route("POST", f"{REPAIR}/dispatch")),
    Operation(app.complete_repair, CompleteRepair, RepairRead, Route("POST", f"{REPAIR}/complete")),
    Operation(app.call_back_repair, CallBackRepair, RepairRead, Route("POST", f"{REPAIR}/callback")),
    Operation(app.add_repair_cost, AddRepairCost, RepairCostRead, Route("POST", f"{REPAIR}/costs", status=201)),
    Operation(app.approve_repair_cost, ApproveRepairCost, RepairCostRead,
              Route("POST", f"{REPAIR}/costs/{{cost_id}}/approve")),
    Operation(app.set_work_calendar, SetWorkCalendar, WorkCalendarRead, Route("PUT", "/work-calendar")),
    Operation(app.get_work_calendar, GetWorkCalendar, WorkCalendarRead, Route("GET", "/work-calendar")),
)

EVENT_HANDLERS = (
    Consumer("contracts", "contract_signed", ContractSignedView, app.open_customer_archive),
    Consumer("construction", "completion_accepted", CompletionAcceptedView, app.note_completion_accepted),
    Consumer("finance", "installment_paid", InstallmentPaidView, app.note_final_paid),
)

from services.aftercare.tenant_data import OPERATIONS as TENANT_DATA  # noqa: E402 - kept apart from the table above

OPERATIONS += TENANT_DATA

from services.aftercare.adapters.orm import TENANT_SETTINGS  # noqa: E402
from shared.tenant_settings import tenant_settings_operation  # noqa: E402

OPERATIONS += (tenant_settings_operation(TENANT_SETTINGS),)
