"""What the contracts use cases need of persistence: the abstract unit of work and repositories."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from services.contracts.domain.document import Document
from services.contracts.domain.model import Contract
from services.contracts.domain.quote import Quote
from services.contracts.domain.store import CatalogueItem, Lead, Store
from shared.persistence.uow import AbstractUnitOfWork


class Repository(Protocol):
    def add(self, item: object) -> None: ...


class Stores(Repository, Protocol):
    def store(self, code: str) -> Store | None: ...

    def timezone(self, code: str) -> str: ...


class Catalogue(Repository, Protocol):
    def items(self) -> list[CatalogueItem]: ...

    def listing(self) -> list[Any]:
        """Every item's columns as a row with the attributes of :class:`CatalogueItem` (reads)."""
        ...

    def item(self, code: str) -> CatalogueItem | None: ...


class Leads(Repository, Protocol):
    def lead(self, lead_id: str) -> Lead | None: ...


class Documents(Repository, Protocol):
    def document(self, document_id: str, *, lock: bool = False, field: str | None = None) -> Document: ...

    def find(self, document_id: str) -> Document | None: ...

    def remove(self, document: Document) -> None: ...


class Quotes(Repository, Protocol):
    def quote(self, quote_id: str, *, lock: bool = False) -> Quote: ...

    def quotes(self, *, stores: frozenset[str] | None, status: str | None, pending_special: bool, limit: int,
               after: str | None) -> list[Quote]: ...


class Contracts(Repository, Protocol):
    def contract(self, contract_id: str, *, lock: bool = False, field: str | None = None) -> Contract: ...

    def contracts(self, *, stores: frozenset[str] | None, limit: int, after: str | None,
                  status: str | None = None) -> list[Contract]: ...

    def next_number(self, store: str, day: date) -> int: ...


class ContractsUnitOfWork(AbstractUnitOfWork, Protocol):
    stores: Stores
    catalogue: Catalogue
    leads: Leads
    documents: Documents
    quotes: Quotes
    contracts: Contracts
