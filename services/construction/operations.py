"""The construction service's operations and the events it consumes, each declared once.

The nameko class (``service.py``) and the gateway's routes are generated from these tables.
"""

from __future__ import annotations

from services.construction import application as app
from services.construction.commands import GetProject, ListProjects, RecordStepProgress, StartStep
from services.construction.domain.events import ContractSignedView
from services.construction.results import ProjectPage, ProjectRead, StepRead
from shared.messaging.consumers import Consumer
from shared.messaging.operations import Operation, Route

STEP = "/projects/{project_id}/steps/{step}"

OPERATIONS = (
    Operation(app.list_projects, ListProjects, ProjectPage,
              Route("GET", "/projects", query=("contract_id", "store", "limit", "cursor"))),
    Operation(app.get_project, GetProject, ProjectRead, Route("GET", "/projects/{project_id}")),
    Operation(app.start_step, StartStep, StepRead, Route("POST", f"{STEP}/start", optional_body=True)),
    Operation(app.complete_step, RecordStepProgress, StepRead, Route("POST", f"{STEP}/complete", optional_body=True)),
)

EVENT_HANDLERS = (
    Consumer("contracts", "contract_signed", ContractSignedView, app.open_project),
)

from services.construction.tenant_data import OPERATIONS as TENANT_DATA  # noqa: E402 - kept apart from the table above

OPERATIONS += TENANT_DATA
