"""Projects: opened on signing (K01), the sequence (K07), the showcase list (K14), the keys (K17)."""

from __future__ import annotations

from collections.abc import Callable

from services.construction.commands import GetProject, ListProjects, ProjectAction, RecordStepProgress, StartStep
from services.construction.domain.events import ContractSignedView, InstallmentPaidView
from services.construction.domain.model import Project
from services.construction.domain.sequence import DONE
from services.construction.ports import ConstructionUnitOfWork
from services.construction.results import ProjectPage, ProjectRead, ProjectSummary, StepRead
from shared.clock import utcnow
from shared.identity.context import Principal
from shared.ids import new_id
from shared.persistence.paging import clamp, page, store_scope

UowFactory = Callable[[], ConstructionUnitOfWork]

#: K07: who records the construction sequence on site.
SITE_CREW = ("foreman",)
#: K14: QC tells engineering statistics the site can be visited.
SHOWCASE_REPORTERS = ("qc",)
#: K17: the foreman hands the keys to the customer.
KEY_HOLDERS = ("foreman",)
#: F06: engineering statistics audits the documents and registers the settlement.
SETTLEMENT_REGISTRARS = ("engineering_stats",)


def open_project(signed: ContractSignedView, uow: ConstructionUnitOfWork) -> None:
    """K01: on ``contract_signed`` open the project, its documents list and its sequence steps.

    Once per contract, so the same contract announced again (a new event id) opens no second
    project; the inbox already stops a redelivered event (P03).
    """
    if uow.projects.project_of_contract(signed.contract_id) is not None:
        return
    project = Project.open(id=new_id(), contract_id=signed.contract_id, number=signed.number,
                           store=signed.store, customer_name=signed.customer_name, address=signed.address,
                           designer=signed.designer, opened_on=signed.signed_on, created_at=utcnow(),
                           contract_total=signed.total)
    uow.projects.add(project)
    uow.callbacks.enroll()  # K18: the weekly callbacks' timer sweeps this tenant from now on
    uow.publish_from(project)


def list_projects(cmd: ListProjects, *, uow: UowFactory, principal: Principal) -> ProjectPage:
    """《在施工程一览表》: projects of the caller's stores (or one of them), newest first."""
    stores = store_scope(principal, cmd.store)
    limit = clamp(cmd.limit)
    with uow() as u:
        rows = u.projects.projects(stores=stores, contract_id=cmd.contract_id, limit=limit + 1, after=cmd.cursor)
        return ProjectPage.model_validate(page(rows, limit, ProjectSummary.of))  # type: ignore[arg-type]


def get_project(cmd: GetProject, *, uow: UowFactory, principal: Principal) -> ProjectRead:
    """One project of the caller's stores with its documents list and sequence steps."""
    with uow() as u:
        project = u.projects.project(cmd.project_id)
        principal.require_store(project.store, what="project")
        return ProjectRead.of(project)


def _site_project(u: ConstructionUnitOfWork, principal: Principal, project_id: str) -> Project:
    """The foreman's project of their store, locked for the change."""
    principal.require_role(SITE_CREW, rule="K07", action="record construction steps")
    project = u.projects.project(project_id, lock=True)
    principal.require_store(project.store, what="project")
    return project


def start_step(cmd: StartStep, *, uow: UowFactory, principal: Principal) -> StepRead:
    """K07: the foreman starts a step once its predecessors are done (painting: carpentry ≥ 80%)."""
    with uow() as u:
        project = _site_project(u, principal, cmd.project_id)
        step = project.start_step(cmd.step, cmd.percent or 0, by=principal.username, at=utcnow())
        u.publish_from(project)
        u.commit()
        return StepRead.of(step)


def complete_step(cmd: RecordStepProgress, *, uow: UowFactory, principal: Principal) -> StepRead:
    """K07: the foreman records progress (``percent`` < 100) or completes a started step."""
    with uow() as u:
        project = _site_project(u, principal, cmd.project_id)
        percent = DONE if cmd.percent is None else cmd.percent
        step = project.record_progress(cmd.step, percent, by=principal.username, at=utcnow())
        u.publish_from(project)
        u.commit()
        return StepRead.of(step)


def record_final_payment(paid: InstallmentPaidView, uow: ConstructionUnitOfWork) -> None:
    """K17: finance says the final installment is paid by confirmed money; the keys may go once accepted.

    Other installments change nothing here; a contract without a project (not yet opened) is left alone.
    """
    if paid.kind != "final":
        return
    project = uow.projects.project_of_contract(paid.contract_id)
    if project is None:
        return
    project.final_installment_paid(paid.paid_on)
    uow.publish_from(project)


def _project_of(u: ConstructionUnitOfWork, principal: Principal, project_id: str) -> Project:
    project = u.projects.project(project_id, lock=True)
    principal.require_store(project.store, what="project")
    return project


def register_showcase(cmd: ProjectAction, *, uow: UowFactory, principal: Principal) -> ProjectRead:
    """K14: past half, QC puts the site on 《可参观工地一览表》 for marketing."""
    principal.require_role(SHOWCASE_REPORTERS, rule="K14", action="register showcase sites")
    with uow() as u:
        project = _project_of(u, principal, cmd.project_id)
        project.register_showcase(u.settings.effective(project.store).today())
        u.publish_from(project)
        u.commit()
        return ProjectRead.of(project)


def hand_over_keys(cmd: ProjectAction, *, uow: UowFactory, principal: Principal) -> ProjectRead:
    """K17: the foreman hands the keys over once acceptance passed and the final payment is in."""
    principal.require_role(KEY_HOLDERS, rule="K17", action="hand over the keys")
    with uow() as u:
        project = _project_of(u, principal, cmd.project_id)
        project.hand_over_keys(u.settings.effective(project.store).today())
        u.publish_from(project)
        u.commit()
        return ProjectRead.of(project)


def register_settlement(cmd: ProjectAction, *, uow: UowFactory, principal: Principal) -> ProjectRead:
    """F06: engineering statistics registers the settled project (《结算登记表》) once every form of
    its documents list is signed (409 naming the missing ones otherwise); once per project."""
    principal.require_role(SETTLEMENT_REGISTRARS, rule="F06", action="register settlements")
    with uow() as u:
        project = _project_of(u, principal, cmd.project_id)
        project.register_settlement(on=u.settings.effective(project.store).today(), by=principal.username)
        u.publish_from(project)
        u.commit()
        return ProjectRead.of(project)
