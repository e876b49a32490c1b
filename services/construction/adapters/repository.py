"""The construction repositories: aggregates of one tenant, and nothing else (P01)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from services.construction.adapters.orm import construction_callbacks, projects, rectification_orders, sweep_tenants
from services.construction.domain.callbacks import Callback, CallbackStatus
from services.construction.domain.inspection import Inspection, RectificationOrder, StandardAdoption
from services.construction.domain.model import Project, ProjectForm
from shared.persistence.db import ServiceDatabase
from shared.persistence.repository import TenantRepository
from shared.persistence.sweeps import enroll_tenant
from shared.persistence.sweeps import tenants_to_sweep as sweep_tenant_ids


class ProjectRepository(TenantRepository):
    """Projects of the unit of work's tenant."""

    def project(self, project_id: str, *, lock: bool = False) -> Project:
        """One project of this tenant; another tenant's id is simply not found."""
        return self.get(Project, project_id, what="project", lock=lock)

    def project_of_contract(self, contract_id: str) -> Project | None:
        """The project opened for a contract, if any."""
        q = self.scoped(Project).where(Project.contract_id == contract_id)  # type: ignore[arg-type]
        return self.session.execute(q).scalar_one_or_none()

    def projects(self, *, stores: frozenset[str] | None, contract_id: str | None, limit: int,
                 after: str | None) -> list[Project]:
        """Projects of the tenant, newest first, narrowed to ``stores`` unless None."""
        q = select(Project).where(Project.tenant_id == self.tenant_id)  # type: ignore[attr-defined]
        if stores is not None:
            q = q.where(Project.store.in_(stores))  # type: ignore[attr-defined]
        if contract_id:
            q = q.where(Project.contract_id == contract_id)  # type: ignore[arg-type]
        if after:
            q = q.where(Project.id < after)  # type: ignore[arg-type]
        return list(self.session.execute(q.order_by(Project.id.desc()).limit(limit)).scalars())  # type: ignore[attr-defined]

    def form_of_document(self, document_id: str) -> tuple[Project, ProjectForm] | None:
        """The signed form whose PDF is ``document_id``, with its project."""
        form = self.session.execute(self.scoped(ProjectForm).where(
            ProjectForm.document_id == document_id)).scalar_one_or_none()  # type: ignore[arg-type]
        if form is None:
            return None
        return self.project(form.project_id), form  # type: ignore[attr-defined]


class QualityRepository(TenantRepository):
    """Inspections, rectification orders and the tenant's version of the standard."""

    def inspections(self, project_id: str) -> list[Inspection]:
        """The project's inspections, oldest first."""
        q = self.scoped(Inspection).where(Inspection.project_id == project_id)  # type: ignore[arg-type]
        return list(self.session.execute(q.order_by(Inspection.inspected_at)).scalars())  # type: ignore[arg-type]

    def latest_inspection_of(self, project_id: str, check_id: str, *, after: datetime) -> Inspection | None:
        """The newest inspection of the project after ``after`` that observed ``check_id``."""
        later = [i for i in self.inspections(project_id) if i.inspected_at > after
                 and any(r["check"] == check_id for r in i.results)]
        return later[-1] if later else None

    def order(self, order_id: str, *, lock: bool = False) -> RectificationOrder:
        """One rectification order of this tenant."""
        return self.get(RectificationOrder, order_id, what="rectification order", lock=lock)

    def orders_of(self, project_id: str, *, status: str | None = None) -> list[RectificationOrder]:
        """The project's rectification orders, oldest first, narrowed to a status unless None."""
        o = rectification_orders.c
        q = self.scoped(RectificationOrder).where(o.project_id == project_id)
        if status:
            q = q.where(o.status == status)
        return list(self.session.execute(q.order_by(o.opened_at, o.id)).scalars())

    def orders(self, *, stores: frozenset[str] | None, status: str | None, limit: int,
               after: str | None) -> list[RectificationOrder]:
        """The tenant's rectification orders by id, narrowed to ``stores`` unless None, and a status."""
        o = rectification_orders.c
        q = self.scoped(RectificationOrder)
        if stores is not None:
            q = q.where(o.store.in_(stores))
        if status:
            q = q.where(o.status == status)
        if after:
            q = q.where(o.id > after)
        return list(self.session.execute(q.order_by(o.id).limit(limit)).scalars())

    def numbers_of(self, project_ids: set[str]) -> dict[str, str]:
        """The contract numbers of these projects of the tenant."""
        if not project_ids:
            return {}
        q = select(projects.c.id, projects.c.number).where(projects.c.tenant_id == self.tenant_id,
                                                           projects.c.id.in_(project_ids))
        return {row.id: row.number for row in self.session.execute(q)}

    def adoption(self, *, lock: bool = False) -> StandardAdoption | None:
        """The tenant's adopted version, if it ever adopted one."""
        q = self.scoped(StandardAdoption)
        return self.session.execute(q.with_for_update() if lock else q).scalar_one_or_none()


class CallbackRepository(TenantRepository):
    """K18: the weekly callbacks of the unit of work's tenant."""

    def enroll(self) -> None:
        """The tenant joins the K18 timer's sweep (once)."""
        enroll_tenant(self.session, sweep_tenants, self.tenant_id)

    def callback(self, callback_id: str, *, lock: bool = False) -> Callback:
        return self.get(Callback, callback_id, what="callback", lock=lock)

    def under_construction_without(self, week: date) -> list[Project]:
        """Projects under construction with no callback scheduled for ``week`` yet."""
        c = construction_callbacks.c
        has = select(c.project_id).where(c.tenant_id == self.tenant_id, c.week == week)
        q = self.scoped(Project).where(projects.c.status == "in_construction", projects.c.id.not_in(has))
        return list(self.session.execute(q.order_by(projects.c.id)).scalars())

    def scheduled_before(self, week: date) -> list[Callback]:
        """Callbacks of weeks before ``week`` still waiting for their call (to be marked missed)."""
        c = construction_callbacks.c
        q = self.scoped(Callback).where(c.status == CallbackStatus.SCHEDULED.value, c.week < week)
        return list(self.session.execute(q.with_for_update()).scalars())

    def callbacks(self, *, stores: frozenset[str] | None, week: date | None, status: str | None,
                  project_id: str | None, limit: int, after: str | None) -> list[Callback]:
        """Callbacks of the tenant, by id, narrowed to ``stores`` unless None."""
        c = construction_callbacks.c
        q = self.scoped(Callback)
        if stores is not None:
            q = q.where(c.store.in_(stores))
        if week is not None:
            q = q.where(c.week == week)
        if status:
            q = q.where(c.status == status)
        if project_id:
            q = q.where(c.project_id == project_id)
        if after:
            q = q.where(c.id > after)
        return list(self.session.execute(q.order_by(c.id).limit(limit)).scalars())


def tenants_to_sweep(platform_db: ServiceDatabase) -> list[str]:
    """Tenants with projects, for the K18 timer (decision 0016: the relay role reads this table)."""
    return sweep_tenant_ids(platform_db, sweep_tenants)
