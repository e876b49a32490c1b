"""The project aggregate: a line of 《在施工程一览表》 with its documents list and its steps (K01, K07).

Plain Python: the adapters map these classes onto the tables (SQLAlchemy imperative mapping), so
the rules live on the objects the use cases load and save. State changes record their domain
events on ``events``; the use case publishes them through its unit of work.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from services.construction.domain import sequence
from services.construction.domain.events import ProjectOpened, StepCompleted, StepProgressed, StepStarted
from services.construction.domain.project import REQUIRED_FORMS
from services.construction.domain.sequence import DONE, Progress, StepStatus
from shared.errors import InvalidInput, NotFound
from shared.messaging.events import Event


class ProjectStatus(StrEnum):
    #: A project opens waiting for design handover one (K02), the first step after signing.
    AWAITING_HANDOVER = "awaiting_handover"


class FormStatus(StrEnum):
    #: A form on the documents list is missing until the signed form is filed.
    MISSING = "missing"


class ProjectDocument:
    """A line of 《工程资料明细单》: one form the project needs, and whether it is on file."""

    def __init__(self, form_type: str, seq: int, name: str, status: FormStatus = FormStatus.MISSING,
                 document_id: str | None = None) -> None:
        self.form_type, self.seq, self.name, self.status, self.document_id = form_type, seq, name, status, document_id


class ProjectStep:
    """One step of the construction sequence (K07) on one project."""

    def __init__(self, step: str, seq: int, status: StepStatus = StepStatus.NOT_STARTED, percent: int = 0) -> None:
        self.step, self.seq, self.status, self.percent = step, seq, status, percent
        self.started_at: datetime | None = None
        self.started_by: str | None = None
        self.completed_at: datetime | None = None
        self.completed_by: str | None = None

    @property
    def title(self) -> str:
        """The step's Chinese name in the sequence template."""
        return sequence.BY_NAME[self.step].title


class Project:
    """A project in progress, opened when its contract is signed (K01)."""

    events: list[Event]
    documents: list[ProjectDocument]
    steps: list[ProjectStep]

    def __init__(self, *, id: str, contract_id: str, number: str, store: str, customer_name: str, address: str,
                 designer: str, opened_on: date, created_at: datetime,
                 status: ProjectStatus = ProjectStatus.AWAITING_HANDOVER) -> None:
        self.id, self.contract_id, self.number, self.store = id, contract_id, number, store
        self.customer_name, self.address, self.designer = customer_name, address, designer
        self.opened_on, self.created_at, self.status = opened_on, created_at, status
        self.documents = []
        self.steps = []
        self.events = []

    @classmethod
    def open(cls, **fields: object) -> Project:
        """K01: the project with every form of the documents list missing and every step not started."""
        project = cls(**fields)  # type: ignore[arg-type]
        project.documents = [ProjectDocument(form_type, seq, name)
                             for seq, (form_type, name) in enumerate(REQUIRED_FORMS.items(), start=1)]
        project.steps = [ProjectStep(step.name, seq) for seq, step in enumerate(sequence.STEPS, start=1)]
        project.events.append(ProjectOpened(project_id=project.id, contract_id=project.contract_id,
                                            number=project.number, store=project.store,
                                            opened_on=project.opened_on.isoformat()))
        return project

    def step(self, name: str) -> ProjectStep:
        """One step of this project by its template name."""
        for step in self.steps:
            if step.step == name:
                return step
        raise NotFound(f"no construction step {name!r}", field="step")

    def _progress(self) -> dict[str, Progress]:
        return {s.step: Progress(s.status, s.percent) for s in self.steps}

    def start_step(self, name: str, percent: int, *, by: str, at: datetime) -> ProjectStep:
        """K07: start a step once its predecessors are done (painting: carpentry ≥ 80%)."""
        if percent >= DONE:
            raise InvalidInput("a step starts below 100%; complete it with /complete", rule="K07",
                               field="percent")
        step = self.step(name)
        sequence.check_can_start(sequence.BY_NAME[name], self._progress())
        step.status, step.percent, step.started_at, step.started_by = StepStatus.IN_PROGRESS, percent, at, by
        self.events.append(StepStarted(project_id=self.id, step=name, percent=percent))
        return step

    def record_progress(self, name: str, percent: int, *, by: str, at: datetime) -> ProjectStep:
        """K07: progress on a started step (never backwards); at 100% it completes, if its needs are met."""
        step = self.step(name)
        sequence.check_can_complete(sequence.BY_NAME[name], self._progress(), percent)
        step.percent = percent
        if percent >= DONE:
            step.status, step.completed_at, step.completed_by = StepStatus.COMPLETED, at, by
            self.events.append(StepCompleted(project_id=self.id, step=name))
        else:
            self.events.append(StepProgressed(project_id=self.id, step=name, percent=percent))
        return step
