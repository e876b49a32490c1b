"""What the construction service answers: one model per result, built from the aggregate."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from services.construction.domain.model import Project, ProjectStep
from shared.persistence.paging import Page
from shared.wire import Instant


class StepRead(BaseModel):
    step: str
    name: str
    status: str
    percent: int
    started_at: Instant | None
    started_by: str | None
    completed_at: Instant | None
    completed_by: str | None

    @classmethod
    def of(cls, s: ProjectStep) -> StepRead:
        return cls(step=s.step, name=s.title, status=s.status, percent=s.percent, started_at=s.started_at,
                   started_by=s.started_by, completed_at=s.completed_at, completed_by=s.completed_by)


class ProjectSummary(BaseModel):
    id: str
    contract_id: str
    number: str
    store: str
    customer_name: str
    address: str
    designer: str
    opened_on: date
    status: str

    @classmethod
    def of(cls, p: Project) -> ProjectSummary:
        return cls(id=p.id, contract_id=p.contract_id, number=p.number, store=p.store,
                   customer_name=p.customer_name, address=p.address, designer=p.designer,
                   opened_on=p.opened_on, status=p.status)


class DocumentLine(BaseModel):
    type: str
    name: str
    status: str
    document_id: str | None


class ProjectRead(ProjectSummary):
    documents: list[DocumentLine]
    steps: list[StepRead]

    @classmethod
    def of(cls, p: Project) -> ProjectRead:
        return cls(**ProjectSummary.of(p).model_dump(),
                   documents=[DocumentLine(type=d.form_type, name=d.name, status=d.status,
                                           document_id=d.document_id) for d in p.documents],
                   steps=[StepRead.of(s) for s in p.steps])


ProjectPage = Page[ProjectSummary]
