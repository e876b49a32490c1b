"""Fixtures for contracts use cases: a real SQLite database, a tenant's unit of work, principals."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from services.contracts.adapters.orm import PLATFORM, metadata
from services.contracts.adapters.unit_of_work import ContractsUnitOfWork
from services.contracts.domain.model import REQUIRED_ATTACHMENTS
from services.contracts.operations import EVENT_HANDLERS, OPERATIONS
from shared.documents.store import FolderDocumentStore
from shared.identity.context import Principal
from shared.messaging.consumers import handle
from shared.persistence.db import ServiceDatabase

OPS = {op.rpc_name: op for op in OPERATIONS}
SIGNATURE = {"name": "王芳", "role": "customer", "image": "data:image/png;base64,iVBORw0KGgo="}


def staff(role: str, store: str = "A", tenant: str = "demo") -> Principal:
    return Principal(tenant_id=tenant, user_id=f"{role}-{store}", username=f"{role}-{store.lower()}",
                     roles=frozenset({role}), stores=frozenset({store}))


def lead_registered(lead_id: str, store: str, tenant: str) -> dict[str, Any]:
    """A ``sales.lead_registered`` message as it arrives on the bus."""
    return {
        "event_id": f"evt-{lead_id}-{tenant}", "event_type": "lead_registered", "version": 1,
        "tenant_id": tenant, "occurred_at": "2025-11-22T02:00:00+00:00", "trace": {},
        "lead_id": lead_id, "store": store, "customer_name": "王芳", "phone": "13800000000",
        "address": "朝阳区望京街 8 号", "source": "walk_in", "channel": "store", "consultation_channel": "visit",
        "designer": "designer-a", "status": "new",
    }


class Studio:
    """A tenant's contracts database with helpers to walk a lead up to a signable contract."""

    def __init__(self, db: ServiceDatabase, documents: FolderDocumentStore) -> None:
        self.db = db
        self.documents = documents

    def uow(self, tenant: str = "demo") -> Callable[[], ContractsUnitOfWork]:
        return lambda: ContractsUnitOfWork(self.db, PLATFORM, tenant)

    def call(self, operation: str, principal: Principal, *, idempotency_key: str | None = None,
             **fields: Any) -> Any:
        """Run a declared operation as its entrypoint does: fields in, plain data out."""
        return OPS[operation].run(fields, {"uow": self.uow(principal.tenant_id), "principal": principal,
                                           "idempotency_key": idempotency_key})

    def deliver(self, event: dict[str, Any]) -> bool:
        """Hand one bus message to the service's consumers, as its event entrypoint does."""
        return all([handle(c, "contracts", lambda t: self.uow(t)(), event) for c in EVENT_HANDLERS
                    if c.event_type == event["event_type"]])

    def upload(self, principal: Principal, data: bytes = b"%PDF-1.4 test", *, kind: str = "contract_attachment",
               content_type: str = "application/pdf", **record: str) -> dict[str, Any]:
        """What the gateway does for an upload: allot, put the bytes under the key, record them."""
        allotted = self.call("allot_document", principal, kind=kind, filename="a.pdf", content_type=content_type,
                             **record)
        stored = self.documents.put(principal.tenant_id, allotted["storage_key"], data, content_type)
        return dict(self.call("record_document", principal, document_id=allotted["id"], size=stored.size,
                              sha256=hashlib.sha256(data).hexdigest()))

    def lead(self, lead_id: str = "lead-1", store: str = "A", tenant: str = "demo") -> str:
        self.deliver(lead_registered(lead_id, store, tenant))
        return lead_id

    def contract(self, *, store: str = "A", tenant: str = "demo", attach: tuple[str, ...] = tuple(REQUIRED_ATTACHMENTS),
                 market_party: bool = False) -> dict[str, Any]:
        designer = staff("designer", store, tenant)
        self.call("register_store", staff("tenant_admin", tenant=tenant), store=store)
        self.call("seed_catalogue", staff("tenant_admin", tenant=tenant))
        lead = self.lead(f"lead-{store}-{tenant}", store, tenant)
        quote = self.call("create_quote", designer, lead_id=lead, items=[
            {"catalogue_code": "PAINT-01", "quantity": "120"}, {"catalogue_code": "TILE-01", "quantity": "35.5"}])
        self.call("issue_quote", designer, quote_id=quote["id"])
        contract = self.call("create_contract", designer, lead_id=lead, quote_id=quote["id"],
                             market_party=market_party)
        doc = self.upload(designer, contract_id=contract["id"])
        for kind in attach:
            self.call("add_attachment", designer, contract_id=contract["id"], kind=kind, document_id=doc["id"])
        return dict(contract)


@pytest.fixture
def studio(tmp_path: Any) -> Iterator[Studio]:
    db = ServiceDatabase("contracts", f"sqlite:///{tmp_path / 'contracts.db'}")
    metadata.create_all(db.engine)
    yield Studio(db, FolderDocumentStore(tmp_path / "docs"))
    db.dispose()
