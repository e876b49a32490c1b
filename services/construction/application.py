"""Use cases of the construction service: one function each, over a unit of work, returning plain data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.construction import views
from services.construction.adapters.orm import ProjectDocumentRow, ProjectRow, ProjectStepRow
from services.construction.adapters.unit_of_work import ConstructionUnitOfWork
from services.construction.commands import RecordStepProgress
from services.construction.domain import project as projects
from services.construction.domain import sequence
from services.construction.domain.events import (
    ContractSignedView,
    ProjectOpened,
    StepCompleted,
    StepProgressed,
    StepStarted,
)
from shared.clock import utcnow
from shared.context import Principal
from shared.errors import InvalidInput, NotFound
from shared.ids import new_id
from shared.paging import clamp, page, store_scope

UowFactory = Callable[[], ConstructionUnitOfWork]

SITE_CREW = ("foreman",)


def open_project(uow: UowFactory, *, handler: str, event: dict[str, Any]) -> None:
    """K01: on ``contract_signed`` open the project, its documents list and its sequence steps.

    Runs once per event (inbox) and once per contract, so a redelivered or replayed event opens
    no second project (P03).
    """
    signed = ContractSignedView.model_validate(event)
    with uow() as u:
        if not u.claim_event(handler, signed.event_id):
            return
        if u.repo.project_of_contract(signed.contract_id) is None:
            row = ProjectRow(id=new_id(), contract_id=signed.contract_id, number=signed.number,
                             store=signed.store, customer_name=signed.customer_name, address=signed.address,
                             designer=signed.designer, opened_on=signed.signed_on,
                             status=projects.AWAITING_HANDOVER, created_at=utcnow())
            u.repo.add(row)
            u.session.flush()
            for seq, (form_type, name) in enumerate(projects.REQUIRED_FORMS.items(), start=1):
                u.repo.add(ProjectDocumentRow(project_id=row.id, form_type=form_type, seq=seq, name=name,
                                              status=projects.MISSING))
            for seq, step in enumerate(sequence.STEPS, start=1):
                u.repo.add(ProjectStepRow(project_id=row.id, step=step.name, seq=seq,
                                          status=sequence.NOT_STARTED, percent=0))
            u.publish(ProjectOpened(project_id=row.id, contract_id=row.contract_id, number=row.number,
                                    store=row.store, opened_on=row.opened_on.isoformat()))
        u.commit()


def list_projects(uow: UowFactory, principal: Principal, *, contract_id: str | None = None,
                  store: str | None = None, limit: int = 50, cursor: str | None = None) -> dict[str, Any]:
    """《在施工程一览表》: projects of the caller's stores (or one of them), newest first."""
    stores = store_scope(principal, store)
    limit = clamp(limit)
    with uow() as u:
        rows = u.repo.projects(stores=stores, contract_id=contract_id, limit=limit + 1, after=cursor)
        return page(rows, limit, views.project_summary)


def get_project(uow: UowFactory, principal: Principal, project_id: str) -> dict[str, Any]:
    """One project of the caller's stores with its documents list and sequence steps."""
    with uow() as u:
        row = u.repo.project(project_id)
        principal.require_store(row.store, what="project")
        return views.project(row)


SiteStep = tuple[ProjectRow, sequence.Step, ProjectStepRow, dict[str, sequence.Progress]]


def _site_step(u: ConstructionUnitOfWork, principal: Principal, project_id: str, step_name: str) -> SiteStep:
    """The foreman's project (locked), the step of the template, its row and every step's progress."""
    principal.require_role(SITE_CREW, rule="K07", action="record construction steps")
    row = u.repo.project(project_id, lock=True)
    principal.require_store(row.store, what="project")
    step = sequence.BY_NAME.get(step_name)
    if step is None:
        raise NotFound(f"no construction step {step_name!r}", field="step")
    steps = {s.step: s for s in row.steps}
    progress = {name: sequence.Progress(s.status, s.percent) for name, s in steps.items()}
    return row, step, steps[step_name], progress


def start_step(uow: UowFactory, principal: Principal, project_id: str, step_name: str,
               cmd: RecordStepProgress) -> dict[str, Any]:
    """K07: the foreman starts a step once its predecessors are done (painting: carpentry ≥ 80%)."""
    percent = cmd.percent or 0
    if percent >= sequence.DONE:
        raise InvalidInput("a step starts below 100%; complete it with /complete", rule="K07",
                           field="percent")
    with uow() as u:
        row, step, state, progress = _site_step(u, principal, project_id, step_name)
        sequence.check_can_start(step, progress)
        state.status, state.percent = sequence.IN_PROGRESS, percent
        state.started_at, state.started_by = utcnow(), principal.username
        u.publish(StepStarted(project_id=row.id, step=step.name, percent=percent))
        u.commit()
        return views.step(state)


def complete_step(uow: UowFactory, principal: Principal, project_id: str, step_name: str,
                  cmd: RecordStepProgress) -> dict[str, Any]:
    """K07: the foreman records progress (``percent`` < 100) or completes a started step."""
    percent = sequence.DONE if cmd.percent is None else cmd.percent
    with uow() as u:
        row, step, state, progress = _site_step(u, principal, project_id, step_name)
        sequence.check_can_complete(step, progress, percent)
        state.percent = percent
        if percent >= sequence.DONE:
            state.status = sequence.COMPLETED
            state.completed_at, state.completed_by = utcnow(), principal.username
            u.publish(StepCompleted(project_id=row.id, step=step.name))
        else:
            u.publish(StepProgressed(project_id=row.id, step=step.name, percent=percent))
        u.commit()
        return views.step(state)
