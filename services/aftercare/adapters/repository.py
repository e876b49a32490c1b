"""Repositories: aggregates of one tenant, and nothing else (P01)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, literal, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite

from services.aftercare.adapters.orm import complaints as t
from services.aftercare.adapters.orm import holidays, not_returned_lists, repairs, sweep_tenants, warranties
from services.aftercare.domain.calendar import WorkCalendar
from services.aftercare.domain.cards import AftercareDocument
from services.aftercare.domain.care import Holiday, Repair, Warranty
from services.aftercare.domain.complaints import INVALID, RESOLVED
from services.aftercare.domain.model import Complaint, CustomerArchive
from services.aftercare.domain.repairs import RepairStatus
from shared.clock import utcnow
from shared.errors import NotFound
from shared.persistence.db import ServiceDatabase
from shared.persistence.repository import TenantRepository
from shared.persistence.sweeps import enroll_tenant
from shared.persistence.sweeps import tenants_to_sweep as sweep_tenant_ids


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
        # Idempotent: two first complaints at once both succeed, one row stays.
        enroll_tenant(self.session, sweep_tenants, self.tenant_id)

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


class CalendarRepository(TenantRepository):
    """The tenant's working-day calendar (A04)."""

    def calendar(self) -> WorkCalendar:
        rows = list(self.session.execute(self.scoped(Holiday)).scalars())
        return WorkCalendar.of([r.day for r in rows if not r.worked], [r.day for r in rows if r.worked])

    def set_days(self, days: list[Holiday], *, replace_from: date, replace_to: date) -> None:
        """The listed days between two dates, replacing what was listed there before."""
        for row in self.session.execute(self.scoped(Holiday).where(holidays.c.day >= replace_from,
                                                                   holidays.c.day <= replace_to)).scalars():
            self.session.delete(row)
        self.session.flush()
        for day in days:
            self.add(day)

    def days(self) -> list[Holiday]:
        return list(self.session.execute(self.scoped(Holiday).order_by(holidays.c.day)).scalars())


class WarrantyRepository(TenantRepository):
    """Warranties of the tenant, one per contract (A01)."""

    def find(self, contract_id: str, *, lock: bool = False) -> Warranty | None:
        q = self.scoped(Warranty).where(warranties.c.contract_id == contract_id)
        return self.session.execute(q.with_for_update() if lock else q).scalar_one_or_none()

    def add(self, row: Any) -> None:
        super().add(row)
        enroll_tenant(self.session, sweep_tenants, self.tenant_id)


class DocumentRepository(TenantRepository):
    """PDFs aftercare rendered (warranty cards)."""

    def document(self, document_id: str) -> AftercareDocument:
        return self.get(AftercareDocument, document_id, what="document")


class RepairRepository(TenantRepository):
    """Repair orders of the tenant (A04)."""

    def add(self, row: Any) -> None:
        super().add(row)
        enroll_tenant(self.session, sweep_tenants, self.tenant_id)

    def repair(self, repair_id: str, *, lock: bool = False) -> Repair:
        return self.get(Repair, repair_id, what="repair", lock=lock)

    def repairs(self, *, stores: frozenset[str] | None, status: str | None, contract_id: str | None,
                limit: int, after: str | None) -> list[Repair]:
        """Repairs, urgent first (A04), then oldest first; the cursor is ``<0 urgent|1 not>:<id>``."""
        q = self.scoped(Repair)
        rank = case((repairs.c.urgent.is_(True), 0), else_=1)
        if stores is not None:
            q = q.where(repairs.c.store.in_(stores))
        if status:
            q = q.where(repairs.c.status == status)
        if contract_id:
            q = q.where(repairs.c.contract_id == contract_id)
        if after:
            after_rank, _, after_id = after.partition(":")
            q = q.where(tuple_(rank, repairs.c.id) > tuple_(literal(int(after_rank == "1")), literal(after_id)))
        return list(self.session.execute(q.order_by(rank, repairs.c.id).limit(limit)).scalars())

    def dispatched_before(self, deadline: datetime) -> list[Repair]:
        """A04: orders dispatched by ``deadline`` and not returned (completed)."""
        q = self.scoped(Repair).where(repairs.c.status == RepairStatus.DISPATCHED,
                                      repairs.c.dispatched_at <= deadline)
        return list(self.session.execute(q.order_by(repairs.c.store, repairs.c.id)).scalars())

    def claim_not_returned_list(self, store: str, on: date, count: int) -> bool:
        """A04: record that the 17:00 list of ``store`` went out ``on`` that day; False if it had."""
        insert = postgresql.insert if self.session.get_bind().dialect.name == "postgresql" else sqlite.insert
        result = self.session.execute(insert(not_returned_lists).values(
            tenant_id=self.tenant_id, store=store, on=on, repair_count=count, listed_at=utcnow())
            .on_conflict_do_nothing(index_elements=["tenant_id", "store", "on"]))
        return bool(result.rowcount)


def tenants_with_complaints(platform_db: ServiceDatabase) -> list[str]:
    """Tenants with complaints, warranties or repairs, for the A06 and A04 timers, from ``sweep_tenants``.

    The timer runs outside any tenant, and row-level security hides every tenant table from a
    session without one: ``platform_db`` is the relay role's connection on PostgreSQL (it may
    read this table and the outbox past the policies, nothing else), the same file on SQLite.
    """
    return sweep_tenant_ids(platform_db, sweep_tenants)
