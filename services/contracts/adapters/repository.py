"""Repositories: every query is scoped to the unit of work's tenant (P01)."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from services.contracts.adapters.orm import (
    CatalogueItemRow,
    ContractRow,
    DocumentRow,
    LeadRow,
    NumberCounterRow,
    QuoteRow,
    StoreRow,
)
from shared.errors import NotFound

Row = TypeVar("Row", ContractRow, QuoteRow, DocumentRow)


class ContractsRepository:
    """Reads and writes of the contracts service inside one tenant."""

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

    def lead(self, lead_id: str) -> LeadRow | None:
        """The lead as announced by sales, if it has arrived."""
        return self.session.get(LeadRow, (self.tenant_id, lead_id))

    def store_timezone(self, store: str) -> str:
        """The store's time zone (Asia/Shanghai unless the tenant set another)."""
        row = self.session.get(StoreRow, (self.tenant_id, store))
        return row.timezone if row else "Asia/Shanghai"

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
