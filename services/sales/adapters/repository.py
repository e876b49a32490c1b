"""Repositories: every query is scoped to the unit of work's tenant (P01)."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import func, select

from services.sales.adapters.orm import DesignRow, EstimateRow, LeadRow, MeasurementRequestRow, MeasurementRow
from shared.repository import TenantRepository

Row = TypeVar("Row", LeadRow, EstimateRow, MeasurementRequestRow, MeasurementRow, DesignRow)


class SalesRepository(TenantRepository):
    """Reads and writes of the sales service inside one tenant."""

    def of_lead(self, model: type[Row], lead_id: str) -> list[Row]:
        """The rows of one lead (estimates, requests, measurements, designs), oldest first."""
        return list(self.session.execute(
            select(model).where(model.tenant_id == self.tenant_id, model.lead_id == lead_id)
            .order_by(model.id)
        ).scalars())

    def leads(self, *, stores: set[str] | None, limit: int, after: str | None) -> list[LeadRow]:
        """Leads of the tenant, newest first, narrowed to ``stores`` unless None."""
        q = select(LeadRow).where(LeadRow.tenant_id == self.tenant_id)
        if stores is not None:
            q = q.where(LeadRow.store.in_(stores))
        if after:
            q = q.where(LeadRow.id < after)
        return list(self.session.execute(q.order_by(LeadRow.id.desc()).limit(limit)).scalars())

    def last_design_version(self, lead_id: str) -> int:
        """The highest design version of a lead, 0 before the first."""
        return int(self.session.execute(
            select(func.coalesce(func.max(DesignRow.version), 0))
            .where(DesignRow.tenant_id == self.tenant_id, DesignRow.lead_id == lead_id)
        ).scalar_one())
