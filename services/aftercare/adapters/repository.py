"""Repositories: aggregates of one tenant, and nothing else (P01)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.dialects import postgresql, sqlite

from services.aftercare.adapters.orm import complaints as t
from services.aftercare.adapters.orm import sweep_tenants
from services.aftercare.domain.complaints import INVALID, RESOLVED
from services.aftercare.domain.model import Complaint, CustomerArchive
from shared.clock import utcnow
from shared.errors import NotFound
from shared.persistence.db import ServiceDatabase
from shared.persistence.repository import TenantRepository


class ArchiveRepository(TenantRepository):
    """Customer archives of the unit of work's tenant."""

    def find(self, contract_id: str) -> CustomerArchive | None:
        """The archive of a contract, if the signing event has arrived."""
        return self.session.get(CustomerArchive, (self.tenant_id, contract_id))

    def archive(self, contract_id: str) -> CustomerArchive:
        """The archive of a contract of this tenant."""
        archive = self.find(contract_id)
        if archive is None:
            raise NotFound("customer archive not found", field="contract_id")
        return archive


class ComplaintRepository(TenantRepository):
    """Complaints of the unit of work's tenant."""

    def add(self, row: Any) -> None:
        """Stage a new complaint; the tenant's first one also enrols it in the A06 sweep."""
        super().add(row)
        insert = postgresql.insert if self.session.get_bind().dialect.name == "postgresql" else sqlite.insert
        # ON CONFLICT DO NOTHING: two first complaints at once both succeed, one row stays.
        self.session.execute(insert(sweep_tenants).values(tenant_id=self.tenant_id, enrolled_at=utcnow())
                             .on_conflict_do_nothing(index_elements=["tenant_id"]))

    def complaint(self, complaint_id: str, *, lock: bool = False) -> Complaint:
        """One complaint of this tenant; another tenant's id is simply not found."""
        return self.get(Complaint, complaint_id, what="complaint", lock=lock)

    def complaints(self, *, contract_id: str | None = None, stores: frozenset[str] | None = None,
                   status: str | None = None, limit: int = 200, after: str | None = None) -> list[Complaint]:
        """Complaints of the tenant, newest first, narrowed by contract, stores and status."""
        q = select(Complaint).where(t.c.tenant_id == self.tenant_id)
        if contract_id:
            q = q.where(t.c.contract_id == contract_id)
        if stores is not None:
            q = q.where(t.c.store.in_(stores))
        if status:
            q = q.where(t.c.status == status)
        if after:
            q = q.where(t.c.id < after)
        return list(self.session.execute(q.order_by(t.c.id.desc()).limit(limit)).scalars())

    def _counting(self) -> ColumnElement[bool]:
        # A06: what counts towards a matter (and may escalate): unresolved, not classed invalid.
        return (t.c.tenant_id == self.tenant_id) & (t.c.status != RESOLVED) & (
            t.c.validity.is_(None) | (t.c.validity != INVALID))

    def unresolved_on_matter(self, matter: str, *, lock: bool = False) -> list[Complaint]:
        """A06: the unresolved complaints on one matter that count (not classed invalid)."""
        q = select(Complaint).where(self._counting(), t.c.matter == matter)
        return list(self.session.execute((q.with_for_update() if lock else q).order_by(t.c.id)).scalars())

    def customers_on_matter(self, matter: str | None) -> int:
        """A06: customers of the unresolved, not invalid complaints on one matter, this unit of work's included."""
        if not matter:
            return 0
        self.session.flush()  # a query on the bare table does not autoflush: count the complaint just added
        return int(self.session.execute(
            select(func.coalesce(func.sum(t.c.customers_affected), 0)).where(self._counting(), t.c.matter == matter)
        ).scalar_one())

    def escalation_candidates(self, received_before: datetime) -> list[Complaint]:
        """Unresolved complaints not escalated yet that the weekly sweep must look at (A06).

        Valid ones a week old, and any on a matter (the five-customer rule is re-checked there).
        """
        q = select(Complaint).where(self._counting(), t.c.escalated_at.is_(None),
                                    (t.c.received_at <= received_before) | t.c.matter.is_not(None))
        return list(self.session.execute(q.order_by(t.c.id).with_for_update()).scalars())


def tenants_with_complaints(platform_db: ServiceDatabase) -> list[str]:
    """Tenants that ever recorded a complaint, for the escalation timer (A06), from ``sweep_tenants``.

    The timer runs outside any tenant, and row-level security hides every tenant table from a
    session without one: ``platform_db`` is the relay role's connection on PostgreSQL (it may
    read this table and the outbox past the policies, nothing else), the same file on SQLite.
    """
    with platform_db.sessions() as session:
        return list(session.execute(select(sweep_tenants.c.tenant_id).order_by(sweep_tenants.c.tenant_id))
                    .scalars())
