"""The construction service's operations and the events it consumes, each declared once.

The nameko class (``service.py``) and the gateway's routes are generated from these tables.
"""

from __future__ import annotations

from services.construction.application import callbacks, forms, projects, quality
from services.construction.commands import (
    AdoptStandard,
    CloseRectificationOrder,
    DocumentRef,
    GetProject,
    ListCallbacks,
    ListForms,
    ListFormTypes,
    ListInspections,
    ListProjectRectifications,
    ListProjects,
    ListRectifications,
    ProjectAction,
    RecordCallback,
    RecordInspection,
    RecordStepProgress,
    ShowStandard,
    SignForm,
    StartStep,
)
from services.construction.domain.events import ContractSignedView, InstallmentPaidView
from services.construction.results import (
    CallbackPage,
    CallbackRead,
    DocumentContent,
    FormList,
    FormRead,
    FormTypeList,
    InspectionList,
    InspectionRead,
    ProjectPage,
    ProjectRead,
    QualityStandardRead,
    RectificationOrderList,
    RectificationOrderPage,
    RectificationOrderRead,
    StepRead,
)
from shared.messaging.consumers import Consumer
from shared.messaging.operations import Operation, Route

PROJECT = "/projects/{project_id}"
STEP = f"{PROJECT}/steps/{{step}}"

OPERATIONS = (
    Operation(projects.list_projects, ListProjects, ProjectPage,
              Route("GET", "/projects", query=("contract_id", "store", "limit", "cursor"))),
    Operation(projects.get_project, GetProject, ProjectRead, Route("GET", PROJECT)),
    Operation(projects.start_step, StartStep, StepRead, Route("POST", f"{STEP}/start", optional_body=True)),
    Operation(projects.complete_step, RecordStepProgress, StepRead,
              Route("POST", f"{STEP}/complete", optional_body=True)),
    Operation(projects.register_showcase, ProjectAction, ProjectRead, Route("POST", f"{PROJECT}/showcase")),
    Operation(projects.hand_over_keys, ProjectAction, ProjectRead, Route("POST", f"{PROJECT}/keys")),
    Operation(projects.register_settlement, ProjectAction, ProjectRead,
              Route("POST", f"{PROJECT}/settlement-registration")),
    Operation(forms.list_form_types, ListFormTypes, FormTypeList, Route("GET", "/form-types")),
    Operation(forms.sign_form, SignForm, FormRead, Route("POST", f"{PROJECT}/forms", status=201)),
    Operation(forms.list_forms, ListForms, FormList, Route("GET", f"{PROJECT}/forms")),
    Operation(forms.document_content, DocumentRef, DocumentContent),
    Operation(quality.show_standard, ShowStandard, QualityStandardRead,
              Route("GET", "/quality-standard", query=("version",))),
    Operation(quality.adopt_standard, AdoptStandard, QualityStandardRead, Route("POST", "/quality-standard/adopt")),
    Operation(quality.record_inspection, RecordInspection, InspectionRead,
              Route("POST", f"{PROJECT}/inspections", status=201)),
    Operation(quality.list_inspections, ListInspections, InspectionList, Route("GET", f"{PROJECT}/inspections")),
    Operation(quality.close_rectification_order, CloseRectificationOrder, RectificationOrderRead,
              Route("POST", "/rectification-orders/{order_id}/close")),
    Operation(quality.list_project_rectifications, ListProjectRectifications, RectificationOrderList,
              Route("GET", f"{PROJECT}/rectification-orders", query=("status",))),
    Operation(quality.list_rectifications, ListRectifications, RectificationOrderPage,
              Route("GET", "/rectification-orders", query=("status", "store", "limit", "cursor"))),
    Operation(callbacks.list_callbacks, ListCallbacks, CallbackPage,
              Route("GET", "/construction-callbacks", query=("store", "week", "status", "project_id", "limit",
                                                              "cursor"))),
    Operation(callbacks.record_callback, RecordCallback, CallbackRead,
              Route("POST", "/construction-callbacks/{callback_id}/done")),
)

EVENT_HANDLERS = (
    Consumer("contracts", "contract_signed", ContractSignedView, projects.open_project),
    Consumer("finance", "installment_paid", InstallmentPaidView, projects.record_final_payment),
)

from services.construction.tenant_data import OPERATIONS as TENANT_DATA  # noqa: E402 - kept apart from the table above

OPERATIONS += TENANT_DATA

from services.construction.adapters.orm import TENANT_SETTINGS  # noqa: E402
from shared.tenant_settings import tenant_settings_operation  # noqa: E402

OPERATIONS += (tenant_settings_operation(TENANT_SETTINGS),)
