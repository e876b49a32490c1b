"""Repositories: every query is scoped to the unit of work's tenant (P01)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from services.contracts.adapters.orm import (
    CatalogueItemRow,
    ContractRow,
    LeadRow,
    NumberCounterRow,
    StoreRow,
)
from shared.clock import DEFAULT_TIMEZONE
from shared.repository import TenantRepository


class ContractsRepository(TenantRepository):
    """Reads and writes of the contracts service inside one tenant."""

    def lead(self, lead_id: str) -> LeadRow | None:
        """The lead as announced by sales, if it has arrived."""
        return self.session.get(LeadRow, (self.tenant_id, lead_id))

    def store_timezone(self, store: str) -> str:
        """The store's time zone (Asia/Shanghai unless the tenant set another)."""
        row = self.session.get(StoreRow, (self.tenant_id, store))
        return row.timezone if row else DEFAULT_TIMEZONE

    def catalogue(self) -> list[CatalogueItemRow]:
        """The tenant's price catalogue, ordered by code."""
        return list(self.session.execute(
            select(CatalogueItemRow).where(CatalogueItemRow.tenant_id == self.tenant_id)
            .order_by(CatalogueItemRow.code)
        ).scalars())

    def catalogue_item(self, code: str) -> CatalogueItemRow | None:
        """One catalogue item of the tenant."""
        return self.session.get(CatalogueItemRow, (self.tenant_id, code))

    def contracts(self, *, stores: set[str] | None, limit: int, after: str | None) -> list[ContractRow]:
        """Contracts of the tenant, newest first, narrowed to ``stores`` unless None."""
        q = select(ContractRow).where(ContractRow.tenant_id == self.tenant_id)
        if stores is not None:
            q = q.where(ContractRow.store.in_(stores))
        if after:
            q = q.where(ContractRow.id < after)
        return list(self.session.execute(q.order_by(ContractRow.id.desc()).limit(limit)).scalars())

    def next_number(self, store: str, day: date) -> int:
        """C04: bump and return the (tenant, store, day) counter in the caller's transaction.

        One upsert statement, so concurrent signers serialise on the counter row and each sees
        the value it wrote; a rolled-back signing gives its number back (no gaps).
        """
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(NumberCounterRow).values(tenant_id=self.tenant_id, store=store, day=day, last=1)
        stmt = stmt.on_conflict_do_update(
            index_elements=["tenant_id", "store", "day"], set_={"last": NumberCounterRow.last + 1}
        ).returning(NumberCounterRow.last)
        return int(self.session.execute(stmt).scalar_one())
