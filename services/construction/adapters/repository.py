"""The project repository: aggregates of one tenant, and nothing else (P01)."""

from __future__ import annotations

from sqlalchemy import select

from services.construction.domain.model import Project
from shared.persistence.repository import TenantRepository


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
