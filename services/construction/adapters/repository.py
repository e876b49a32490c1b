"""Repositories: every query is scoped to the unit of work's tenant (P01)."""

from __future__ import annotations

from sqlalchemy import select

from services.construction.adapters.orm import ProjectRow
from shared.repository import TenantRepository


class ConstructionRepository(TenantRepository):
    """Reads and writes of the construction service inside one tenant."""

    def project(self, project_id: str, *, lock: bool = False) -> ProjectRow:
        """One project of this tenant; another tenant's id is simply not found."""
        return self.get(ProjectRow, project_id, what="project", lock=lock)

    def project_of_contract(self, contract_id: str) -> ProjectRow | None:
        """The project opened for a contract, if any."""
        q = select(ProjectRow).where(ProjectRow.tenant_id == self.tenant_id,
                                     ProjectRow.contract_id == contract_id)
        return self.session.execute(q).scalar_one_or_none()

    def projects(self, *, stores: set[str] | None, contract_id: str | None, limit: int,
                 after: str | None) -> list[ProjectRow]:
        """Projects of the tenant, newest first, narrowed to ``stores`` unless None."""
        q = select(ProjectRow).where(ProjectRow.tenant_id == self.tenant_id)
        if stores is not None:
            q = q.where(ProjectRow.store.in_(stores))
        if contract_id:
            q = q.where(ProjectRow.contract_id == contract_id)
        if after:
            q = q.where(ProjectRow.id < after)
        return list(self.session.execute(q.order_by(ProjectRow.id.desc()).limit(limit)).scalars())
