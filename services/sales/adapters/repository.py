"""The lead repository: aggregates of one tenant, and nothing else (P01)."""

from __future__ import annotations

from sqlalchemy import Table, select
from sqlalchemy.orm import lazyload

from services.sales.adapters.orm import designs, measurement_requests
from services.sales.domain.model import Lead, MeasurementRequest
from shared.errors import NotFound
from shared.persistence.repository import TenantRepository


class LeadRepository(TenantRepository):
    """Leads of the unit of work's tenant, each with its estimates, visits, measurements and designs."""

    def lead(self, lead_id: str, *, lock: bool = False, parts: bool = True) -> Lead:
        """One lead of this tenant; another tenant's id is simply not found.

        ``lock`` takes the lead's row lock: every change to a lead or its parts holds it, so two
        changes of one lead serialise (one deposit, one confirmed design: S05, S07).
        """
        q = self.scoped(Lead).where(Lead.id == lead_id)  # type: ignore[arg-type]
        if not parts:
            # A change of the lead alone (its status): its estimates, visits, measurements and
            # designs load only if touched, instead of four queries up front.
            q = q.options(lazyload("*"))
        if lock:
            # The lead may already be in the session from an unlocked read (an idempotent request's
            # authorisation): what the lock waited for must replace it, parts included.
            q = q.with_for_update().execution_options(populate_existing=True)
        lead = self.session.execute(q).scalar_one_or_none()
        if lead is None:
            raise NotFound("lead not found")
        return lead

    def measurement_requests(self, *, stores: frozenset[str] | None, status: str | None, limit: int,
                             after: str | None) -> list[MeasurementRequest]:
        """Measurement visit requests of the tenant, newest first, narrowed to ``stores`` and a status."""
        t = measurement_requests
        q = select(MeasurementRequest).where(t.c.tenant_id == self.tenant_id)
        if stores is not None:
            q = q.where(t.c.store.in_(stores))
        if status:
            q = q.where(t.c.status == status)
        if after:
            q = q.where(t.c.id < after)
        return list(self.session.execute(q.order_by(t.c.id.desc()).limit(limit)).scalars())

    def _lead_of(self, parts: Table, part_id: str, *, what: str, lock: bool) -> Lead:
        lead_id = self.session.execute(
            select(parts.c.lead_id).where(parts.c.tenant_id == self.tenant_id, parts.c.id == part_id)
        ).scalar_one_or_none()
        if lead_id is None:
            raise NotFound(f"{what} not found")
        return self.lead(lead_id, lock=lock)

    def lead_of_request(self, request_id: str, *, lock: bool = False) -> Lead:
        """The lead a measurement visit request belongs to."""
        return self._lead_of(measurement_requests, request_id, what="measurement request", lock=lock)

    def lead_of_design(self, design_id: str, *, lock: bool = False) -> Lead:
        """The lead a design version belongs to."""
        return self._lead_of(designs, design_id, what="design", lock=lock)

    def leads(self, *, stores: frozenset[str] | None, limit: int, after: str | None, status: str | None = None,
              assignee: str | None = None, queue: str | None = None) -> list[Lead]:
        """Leads of the tenant, newest first, narrowed to ``stores`` unless None, and to a status,
        designer or queue when given."""
        q = self.scoped(Lead)
        if stores is not None:
            q = q.where(Lead.store.in_(stores))  # type: ignore[attr-defined]
        if status:
            q = q.where(Lead.status == status)  # type: ignore[arg-type]
        if assignee:
            q = q.where(Lead.designer == assignee)  # type: ignore[arg-type]
        if queue:
            q = q.where(Lead.assigned_queue == queue)  # type: ignore[arg-type]
        if after:
            q = q.where(Lead.id < after)  # type: ignore[arg-type]
        return list(self.session.execute(q.order_by(Lead.id.desc()).limit(limit)).scalars())  # type: ignore[attr-defined]
