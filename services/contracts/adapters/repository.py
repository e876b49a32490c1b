"""Repositories: aggregates of one tenant, and nothing else (P01)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.dialects import postgresql, sqlite

from services.contracts.adapters.orm import catalogue_items, contract_number_counters, quote_lines
from services.contracts.adapters.orm import quotes as quotes_table
from services.contracts.domain.document import Document
from services.contracts.domain.model import Contract
from services.contracts.domain.quote import Approval, Quote
from services.contracts.domain.store import CatalogueItem, Lead, Store
from shared.clock import DEFAULT_TIMEZONE
from shared.persistence.repository import TenantRepository


class StoreRepository(TenantRepository):
    """The tenant's stores."""

    def store(self, code: str) -> Store | None:
        """One store of the tenant, if registered."""
        return self.session.get(Store, (self.tenant_id, code))

    def timezone(self, code: str) -> str:
        """The store's time zone (Asia/Shanghai unless the tenant set another)."""
        store = self.store(code)
        return store.timezone if store else DEFAULT_TIMEZONE


class CatalogueRepository(TenantRepository):
    """The tenant's price catalogue."""

    def items(self) -> list[CatalogueItem]:
        """Every item, ordered by code."""
        q = self.scoped(CatalogueItem).order_by(CatalogueItem.code)  # type: ignore[arg-type]
        return list(self.session.execute(q).scalars())

    def listing(self) -> list[Any]:
        """Every item as a row of its columns (``code``, ``name``, ``unit``, ``unit_price``,
        ``trade``), ordered by code: the catalogue read, without building an object per item."""
        c = catalogue_items.c
        return list(self.session.execute(
            select(c.code, c.name, c.unit, c.unit_price, c.trade)
            .where(c.tenant_id == self.tenant_id).order_by(c.code)).all())

    def item(self, code: str) -> CatalogueItem | None:
        """One item of the tenant's catalogue."""
        return self.session.get(CatalogueItem, (self.tenant_id, code))


class LeadRepository(TenantRepository):
    """Leads as announced by sales."""

    def lead(self, lead_id: str) -> Lead | None:
        """The lead, if its announcement has arrived."""
        return self.session.get(Lead, (self.tenant_id, lead_id))


class DocumentRepository(TenantRepository):
    """Document records (the bytes are in the document store)."""

    def document(self, document_id: str, *, lock: bool = False, field: str | None = None) -> Document:
        """One document record of this tenant, whatever its status; else not found."""
        return self.get(Document, document_id, what="document", lock=lock, field=field)

    def find(self, document_id: str) -> Document | None:
        """One document record of this tenant, or None."""
        q = self.scoped(Document).where(Document.id == document_id)  # type: ignore[arg-type]
        return self.session.execute(q).scalar_one_or_none()

    def remove(self, document: Document) -> None:
        """Forget a record (only an abandoned allotment is ever removed)."""
        self.session.delete(document)


class QuoteRepository(TenantRepository):
    """Quotes with their lines."""

    def quote(self, quote_id: str, *, lock: bool = False) -> Quote:
        """One quote of this tenant; another tenant's id is simply not found."""
        return self.get(Quote, quote_id, what="quote", lock=lock)

    def quotes(self, *, stores: frozenset[str] | None, status: str | None, pending_special: bool, limit: int,
               after: str | None) -> list[Quote]:
        """Quotes of the tenant, newest first, narrowed to ``stores``, a status, or those with a
        special item still waiting for approval (C02)."""
        q = self.scoped(Quote)
        if stores is not None:
            q = q.where(quotes_table.c.store.in_(stores))
        if status:
            q = q.where(quotes_table.c.status == status)
        if pending_special:
            q = q.where(exists().where(quote_lines.c.quote_id == quotes_table.c.id,
                                       quote_lines.c.tenant_id == self.tenant_id,
                                       quote_lines.c.approval == Approval.PENDING))
        if after:
            q = q.where(quotes_table.c.id < after)
        return list(self.session.execute(q.order_by(quotes_table.c.id.desc()).limit(limit)).scalars())


class ContractRepository(TenantRepository):
    """Contracts with their attachments, and the day counters that number them (C04)."""

    def contract(self, contract_id: str, *, lock: bool = False, field: str | None = None) -> Contract:
        """One contract of this tenant; another tenant's id is simply not found."""
        return self.get(Contract, contract_id, what="contract", lock=lock, field=field)

    def contracts(self, *, stores: frozenset[str] | None, limit: int, after: str | None,
                  status: str | None = None) -> list[Contract]:
        """Contracts of the tenant, newest first, narrowed to ``stores`` unless None, and a status."""
        q = self.scoped(Contract)
        if stores is not None:
            q = q.where(Contract.store.in_(stores))  # type: ignore[attr-defined]
        if status:
            q = q.where(Contract.status == status)  # type: ignore[arg-type]
        if after:
            q = q.where(Contract.id < after)  # type: ignore[arg-type]
        return list(self.session.execute(q.order_by(Contract.id.desc()).limit(limit)).scalars())  # type: ignore[attr-defined]

    def next_number(self, store: str, day: date) -> int:
        """C04: bump and return the (tenant, store, day) counter in the caller's transaction.

        One upsert statement, so concurrent signers serialise on the counter row and each sees
        the value it wrote; a rolled-back signing gives its number back (no gaps).
        """
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        counters = contract_number_counters
        stmt = insert(counters).values(tenant_id=self.tenant_id, store=store, day=day, last=1)
        stmt = stmt.on_conflict_do_update(
            index_elements=["tenant_id", "store", "day"], set_={"last": counters.c.last + 1}
        ).returning(counters.c.last)
        return int(self.session.execute(stmt).scalar_one())
