"""Fixtures for finance use cases: a real in-memory SQLite database, principals, signing events."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from services.finance.adapters.orm import PLATFORM, metadata
from services.finance.adapters.unit_of_work import FinanceUnitOfWork
from services.finance.operations import EVENT_HANDLERS, OPERATIONS
from shared.documents.store import FolderDocumentStore
from shared.identity.context import Principal
from shared.ids import new_id
from shared.messaging.consumers import handle
from shared.persistence.db import ServiceDatabase

OPS = {op.rpc_name: op for op in OPERATIONS}


def staff(role: str, store: str = "A", tenant: str = "demo") -> Principal:
    return Principal(tenant_id=tenant, user_id=f"{role}-{store}", username=f"{role}-{store.lower()}",
                     roles=frozenset({role}), stores=frozenset({store}))


def contract_signed(contract_id: str = "c-1", *, store: str = "A", tenant: str = "demo",
                    total: str = "100000.00", event_id: str | None = None,
                    **overrides: Any) -> dict[str, Any]:
    """A ``contracts.contract_signed`` message as it arrives on the bus."""
    event = {
        "event_id": event_id or new_id(), "event_type": "contract_signed", "version": 1,
        "tenant_id": tenant, "occurred_at": "2025-11-22T02:00:00+00:00", "trace": {},
        "contract_id": contract_id, "number": f"{store}25112201", "lead_id": "lead-1", "quote_id": "q-1",
        "store": store, "customer_name": "王芳", "address": "朝阳区望京街 8 号", "designer": "designer-a",
        "total": total, "signed_at": "2025-11-22T02:00:00+00:00", "signed_on": "2025-11-22",
        "market_party": False,
    }
    event.update(overrides)
    return event


def construction_event(event_type: str, contract_id: str = "c-1", *, store: str = "A", tenant: str = "demo",
                       event_id: str | None = None, **fields: Any) -> dict[str, Any]:
    """A ``construction.<event_type>`` message as events.md describes it (issue 10 publishes it)."""
    event = {"event_id": event_id or new_id(), "event_type": event_type, "version": 1, "tenant_id": tenant,
             "occurred_at": "2025-12-20T02:00:00+00:00", "trace": {}, "project_id": f"p-{contract_id}",
             "contract_id": contract_id, "store": store, "form_id": new_id(), "document_id": new_id()}
    event.update(fields)
    return event


def midterm_settlement_signed(contract_id: str = "c-1", *, amount: str = "30000.00", signed_on: str = "2025-12-20",
                              **fields: Any) -> dict[str, Any]:
    return construction_event("midterm_settlement_signed", contract_id, amount=amount, signed_on=signed_on, **fields)


def completion_settlement_signed(contract_id: str = "c-1", *, amount: str = "12000.00",
                                 signed_on: str = "2026-02-10", **fields: Any) -> dict[str, Any]:
    return construction_event("completion_settlement_signed", contract_id, amount=amount, signed_on=signed_on,
                              **fields)


def completion_accepted(contract_id: str = "c-1", *, accepted_on: str = "2026-02-10", waterproofing: bool = True,
                        **fields: Any) -> dict[str, Any]:
    return construction_event("completion_accepted", contract_id, accepted_on=accepted_on,
                              waterproofing=waterproofing, **fields)


class Books:
    """A finance database (and a document store for the notices' PDFs) with helpers to open plans."""

    def __init__(self, db: ServiceDatabase, documents: FolderDocumentStore) -> None:
        self.db = db
        self.documents = documents

    def uow(self, tenant: str = "demo") -> Callable[[], FinanceUnitOfWork]:
        return lambda: FinanceUnitOfWork(self.db, PLATFORM, tenant)

    def call(self, operation: str, principal: Principal, *, idempotency_key: str | None = None,
             **fields: Any) -> Any:
        """Run a declared operation as its entrypoint does: fields in, plain data out."""
        return OPS[operation].run(fields, {"uow": self.uow(principal.tenant_id), "principal": principal,
                                           "idempotency_key": idempotency_key, "documents": self.documents})

    def deliver(self, event: dict[str, Any]) -> bool:
        """Hand one bus message to the service's consumers, as its event entrypoint does."""
        return all([handle(c, "finance", lambda t: self.uow(t)(), event) for c in EVENT_HANDLERS
                    if c.event_type == event["event_type"]])

    def sign(self, contract_id: str = "c-1", **kwargs: Any) -> dict[str, Any]:
        event = contract_signed(contract_id, **kwargs)
        self.deliver(event)
        return event


@pytest.fixture
def books(tmp_path: Path) -> Iterator[Books]:
    db = ServiceDatabase("finance", "sqlite://")
    metadata.create_all(db.engine)
    yield Books(db, FolderDocumentStore(tmp_path / "documents"))
    db.dispose()
