"""What the construction service answers: one model per result, built from the aggregate."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from services.construction.domain import gates
from services.construction.domain.callbacks import Callback
from services.construction.domain.forms import FORMS
from services.construction.domain.inspection import Inspection, RectificationOrder
from services.construction.domain.model import Project, ProjectForm, ProjectStep
from shared.forms.types import FormType
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


class GateRead(BaseModel):
    gate: str
    title: str
    rule: str
    open: bool
    opened_by: str
    holds: str


class ProjectRead(ProjectSummary):
    """A project with its steps in sequence order, its gates and 《工程资料明细单》 (F06)."""

    documents: list[DocumentLine]
    documents_complete: bool
    steps: list[StepRead]
    gates: list[GateRead]
    past_half: bool
    final_paid_on: date | None
    showcase_on: date | None
    keys_handed_over_on: date | None
    #: F06: the forms of the documents list not signed yet, and the settlement registration.
    missing_documents: list[str]
    settlement_registered_on: date | None
    settlement_registered_by: str | None

    @classmethod
    def of(cls, p: Project) -> ProjectRead:
        return cls(**ProjectSummary.of(p).model_dump(),
                   documents=[DocumentLine(type=d.form_type, name=d.name, status=d.status,
                                           document_id=d.document_id) for d in p.documents],
                   documents_complete=p.documents_complete,
                   steps=[StepRead.of(s) for s in p.steps],
                   gates=[GateRead(gate=g.name, title=g.title, rule=g.rule, open=p.gate_open(g.name),
                                   opened_by=g.opened_by, holds=g.holds) for g in gates.GATES],
                   past_half=p.past_half, final_paid_on=p.final_paid_on, showcase_on=p.showcase_on,
                   keys_handed_over_on=p.keys_handed_over_on,
                   missing_documents=[d.form_type for d in p.missing_documents()],
                   settlement_registered_on=p.settlement_registered_on,
                   settlement_registered_by=p.settlement_registered_by)


ProjectPage = Page[ProjectSummary]


class FormTypeRead(BaseModel):
    # ``schema`` would shadow BaseModel's own attribute; the field is named apart and aliased.
    model_config = ConfigDict(serialize_by_alias=True, populate_by_name=True)

    type: str
    title: str
    filed_by: list[str]
    signers: list[str]
    #: The JSON Schema of the form's ``data``.
    json_schema: dict[str, Any] = Field(alias="schema")
    opens: list[str]

    @classmethod
    def of(cls, t: FormType) -> FormTypeRead:
        return cls(type=t.type, title=t.title, filed_by=list(t.filed_by), signers=list(t.signers),
                   json_schema=t.schema(), opens=list(t.opens))


class FormTypeList(BaseModel):
    items: list[FormTypeRead]


class SignerRead(BaseModel):
    name: str
    role: str
    signed_at: str


class FormRead(BaseModel):
    """A signed form: its version, the PDF's document id and the SHA-256 of the PDF's bytes (P02)."""

    id: str
    project_id: str
    type: str
    title: str
    version: int
    supersedes: str | None
    superseded_by: str | None
    document_id: str
    sha256: str
    content_hash: str
    signed_at: Instant
    filed_by: str
    signatures: list[SignerRead]
    data: dict[str, Any]

    @classmethod
    def of(cls, project: Project, f: ProjectForm) -> FormRead:
        return cls(id=f.id, project_id=project.id, type=f.form_type, title=FORMS.get(f.form_type).title,
                   version=f.version, supersedes=f.supersedes, superseded_by=f.superseded_by,
                   document_id=f.document_id, sha256=f.sha256, content_hash=f.content_hash, signed_at=f.signed_at,
                   filed_by=f.filed_by, data=f.data,
                   signatures=[SignerRead(name=s["name"], role=s["role"], signed_at=s["signed_at"])
                               for s in f.signatures])


class FormList(BaseModel):
    items: list[FormRead]


class DocumentContent(BaseModel):
    """Where a rendered document's bytes are and how to serve them (the gateway streams them)."""

    id: str
    storage_key: str
    filename: str
    content_type: str
    size: int
    sha256: str


class CheckRead(BaseModel):
    id: str
    clause: str
    text: str
    kind: str
    checks: str
    min: float | int | None
    max: float | int | None
    unit: str | None
    rule: str | None
    serious: bool


class TradeRead(BaseModel):
    trade: str
    section: str
    title: str
    checks: list[CheckRead]


class QualityStandardRead(BaseModel):
    version: str
    title: str
    trades: list[TradeRead]


class CheckResult(BaseModel):
    check: str
    clause: str
    passed: bool


class OrderLine(BaseModel):
    id: str
    check: str
    due_on: date
    penalty: bool


class InspectionRead(BaseModel):
    """An inspection decided from the standard, with the rectification orders it opened (K08)."""

    id: str
    project_id: str
    trade: str
    standard_version: str
    passed: bool
    inspected_by: str
    inspected_at: Instant
    results: list[CheckResult]
    rectification_orders: list[OrderLine]
    penalties: list[OrderLine]
    #: The documents of the site photos taken during this inspection.
    photos: list[str]

    @classmethod
    def of(cls, i: Inspection, orders: list[RectificationOrder]) -> InspectionRead:
        lines = [OrderLine(id=o.id, check=o.check_id, due_on=o.due_on, penalty=o.penalty) for o in orders]
        return cls(id=i.id, project_id=i.project_id, trade=i.trade, standard_version=i.standard_version,
                   passed=i.passed, inspected_by=i.inspected_by, inspected_at=i.inspected_at,
                   results=[CheckResult(check=r["check"], clause=r["clause"], passed=r["passed"]) for r in i.results],
                   rectification_orders=lines, penalties=[x for x in lines if x.penalty], photos=list(i.photos or []))


class InspectionList(BaseModel):
    items: list[InspectionRead]


class RectificationOrderRead(BaseModel):
    """《质量限期整改单》: the failed check, its deadline, the inspection that opened it and the one that closed it."""

    id: str
    project_id: str
    store: str
    #: The project's contract number, where the answer lists orders of many projects.
    contract_number: str | None = None
    inspection_id: str
    trade: str
    check: str
    clause: str
    due_on: date
    #: Open after its deadline (the store's local day).
    overdue: bool
    penalty: bool
    status: str
    opened_at: Instant
    closed_at: Instant | None
    closed_by: str | None
    closing_inspection_id: str | None

    @classmethod
    def of(cls, o: RectificationOrder, *, today: date, number: str | None = None) -> RectificationOrderRead:
        return cls(id=o.id, project_id=o.project_id, store=o.store, contract_number=number,
                   inspection_id=o.inspection_id, trade=o.trade, check=o.check_id, clause=o.clause, due_on=o.due_on,
                   overdue=o.overdue(today), penalty=o.penalty, status=o.status, opened_at=o.opened_at,
                   closed_at=o.closed_at, closed_by=o.closed_by, closing_inspection_id=o.closing_inspection_id)


class RectificationOrderList(BaseModel):
    items: list[RectificationOrderRead]


#: The rectification queue of the caller's stores, by id.
RectificationOrderPage = Page[RectificationOrderRead]


class CallbackRead(BaseModel):
    """K18: one week's callback of a project under construction."""

    id: str
    project_id: str
    contract_id: str
    store: str
    customer_name: str
    week: date
    due_on: date
    status: str
    called_by: str | None
    called_at: Instant | None
    outcome: str | None
    complaint: bool

    @classmethod
    def of(cls, c: Callback) -> CallbackRead:
        return cls(id=c.id, project_id=c.project_id, contract_id=c.contract_id, store=c.store,
                   customer_name=c.customer_name, week=c.week, due_on=c.due_on, status=str(c.status),
                   called_by=c.called_by, called_at=c.called_at, outcome=c.outcome, complaint=bool(c.complaint))


CallbackPage = Page[CallbackRead]
