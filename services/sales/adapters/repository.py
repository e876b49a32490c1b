"""Repositories: every query is scoped to the unit of work's tenant (P01)."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.sales.adapters.orm import DesignRow, EstimateRow, LeadRow, MeasurementRequestRow, MeasurementRow
from shared.errors import NotFound

Row = TypeVar("Row", LeadRow, EstimateRow, MeasurementRequestRow, MeasurementRow, DesignRow)


class SalesRepository:
    """Reads and writes of the sales service inside one tenant."""

    def __init__(self, session: Session, tenant_id: str) -> None:
        self.session = session
        self.tenant_id = tenant_id

    def add(self, row: Any) -> None:
        """Stage a new row of this tenant."""
        row.tenant_id = self.tenant_id
        self.session.add(row)

    def get(self, model: type[Row], row_id: str, *, what: str, lock: bool = False) -> Row:
        """One row of this tenant by id; another tenant's id is simply not found.

        ``lock`` takes the row lock (``FOR UPDATE``) so concurrent state changes serialise.
        """
        q = select(model).where(model.id == row_id, model.tenant_id == self.tenant_id)
        row = self.session.execute(q.with_for_update() if lock else q).scalar_one_or_none()
        if row is None:
            raise NotFound(f"{what} not found")
        return row

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
