"""Repositories: every query is scoped to the unit of work's tenant (P01)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from services.aftercare.adapters.orm import ComplaintRow, CustomerArchiveRow
from services.aftercare.domain.complaints import INVALID, RESOLVED
from shared.db import ServiceDatabase
from shared.errors import NotFound
from shared.platform_tables import PlatformTables
from shared.repository import TenantRepository


class AftercareRepository(TenantRepository):
    """Reads and writes of the aftercare service inside one tenant."""

    def find_archive(self, contract_id: str) -> CustomerArchiveRow | None:
        """The archive of a contract, if the signing event has arrived."""
        return self.session.get(CustomerArchiveRow, (self.tenant_id, contract_id))

    def archive(self, contract_id: str) -> CustomerArchiveRow:
        """The archive of a contract of this tenant."""
        row = self.find_archive(contract_id)
        if row is None:
            raise NotFound("customer archive not found", field="contract_id")
        return row

    def complaint(self, complaint_id: str, *, lock: bool = False) -> ComplaintRow:
        """One complaint of this tenant."""
        return self.get(ComplaintRow, complaint_id, what="complaint", lock=lock)

    def complaints(self, *, contract_id: str | None = None, stores: set[str] | None = None,
                   status: str | None = None, limit: int = 200, after: str | None = None) -> list[ComplaintRow]:
        """Complaints of the tenant, newest first, narrowed by contract, stores and status."""
        q = select(ComplaintRow).where(ComplaintRow.tenant_id == self.tenant_id)
        if contract_id:
            q = q.where(ComplaintRow.contract_id == contract_id)
        if stores is not None:
            q = q.where(ComplaintRow.store.in_(stores))
        if status:
            q = q.where(ComplaintRow.status == status)
        if after:
            q = q.where(ComplaintRow.id < after)
        return list(self.session.execute(q.order_by(ComplaintRow.id.desc()).limit(limit)).scalars())

    def unresolved_on_matter(self, matter: str, *, lock: bool = False) -> list[ComplaintRow]:
        """A06: the unresolved complaints on one matter that count (not classed invalid)."""
        q = select(ComplaintRow).where(
            ComplaintRow.tenant_id == self.tenant_id, ComplaintRow.matter == matter,
            ComplaintRow.status != RESOLVED,
            (ComplaintRow.validity.is_(None)) | (ComplaintRow.validity != INVALID))
        return list(self.session.execute((q.with_for_update() if lock else q).order_by(ComplaintRow.id)).scalars())

    def customers_on_matter(self, matter: str | None) -> int:
        """A06: customers of the unresolved, not invalid complaints on one matter."""
        if not matter:
            return 0
        return int(self.session.execute(
            select(func.coalesce(func.sum(ComplaintRow.customers_affected), 0)).where(
                ComplaintRow.tenant_id == self.tenant_id, ComplaintRow.matter == matter,
                ComplaintRow.status != RESOLVED,
                (ComplaintRow.validity.is_(None)) | (ComplaintRow.validity != INVALID))
        ).scalar_one())

    def escalation_candidates(self, received_before: datetime) -> list[ComplaintRow]:
        """Unresolved complaints not escalated yet that the weekly sweep must look at (A06).

        Valid ones a week old, and any on a matter (the five-customer rule is re-checked there).
        """
        q = select(ComplaintRow).where(
            ComplaintRow.tenant_id == self.tenant_id, ComplaintRow.status != RESOLVED,
            ComplaintRow.escalated_at.is_(None),
            (ComplaintRow.validity.is_(None)) | (ComplaintRow.validity != INVALID),
            (ComplaintRow.received_at <= received_before) | (ComplaintRow.matter.is_not(None)))
        return list(self.session.execute(q.order_by(ComplaintRow.id).with_for_update()).scalars())


def tenants_with_complaints(relay_db: ServiceDatabase, tables: PlatformTables) -> list[str]:
    """Tenants that ever recorded a complaint, for the escalation timer.

    The timer runs outside any tenant, and row-level security hides every tenant table from a
    session without one; the outbox is the one table the relay role reads across tenants, and
    every complaint wrote a ``complaint_recorded`` row there in its own transaction.
    """
    outbox = tables.outbox
    with relay_db.sessions() as session:
        return list(session.execute(
            select(outbox.c.tenant_id).where(outbox.c.event_type == "complaint_recorded").distinct()
        ).scalars())
