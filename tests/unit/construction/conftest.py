"""Fixtures for construction use cases: a real in-memory SQLite database, principals, signing events."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from services.construction.adapters.orm import PLATFORM, metadata
from services.construction.adapters.unit_of_work import ConstructionUnitOfWork
from services.construction.operations import EVENT_HANDLERS, OPERATIONS
from shared.documents.store import FolderDocumentStore
from shared.identity.context import Principal
from shared.ids import new_id
from shared.messaging.consumers import handle
from shared.persistence.db import ServiceDatabase
from tests.unit.construction import paperwork

OPS = {op.rpc_name: op for op in OPERATIONS}


def staff(role: str, store: str = "A", tenant: str = "demo") -> Principal:
    return Principal(tenant_id=tenant, user_id=f"{role}-{store}", username=f"{role}-{store.lower()}",
                     roles=frozenset({role}), stores=frozenset({store}))


def contract_signed(contract_id: str = "c-1", *, store: str = "A", tenant: str = "demo",
                    event_id: str | None = None) -> dict[str, Any]:
    """A ``contracts.contract_signed`` message as it arrives on the bus."""
    return {
        "event_id": event_id or new_id(), "event_type": "contract_signed", "version": 1,
        "tenant_id": tenant, "occurred_at": "2025-11-22T02:00:00+00:00", "trace": {},
        "contract_id": contract_id, "number": f"{store}25112201", "lead_id": "lead-1", "quote_id": "q-1",
        "store": store, "customer_name": "王芳", "address": "朝阳区望京街 8 号", "designer": "designer-a",
        "total": "100000.00", "signed_at": "2025-11-22T02:00:00+00:00", "signed_on": "2025-11-22",
        "market_party": False,
    }


class Site:
    """A construction database and document store with helpers to open projects and sign forms."""

    def __init__(self, db: ServiceDatabase, documents: FolderDocumentStore) -> None:
        self.db = db
        self.documents = documents

    def uow(self, tenant: str = "demo") -> Callable[[], ConstructionUnitOfWork]:
        return lambda: ConstructionUnitOfWork(self.db, PLATFORM, tenant)

    def call(self, operation: str, principal: Principal, **fields: Any) -> Any:
        """Run a declared operation as its entrypoint does: fields in, plain data out."""
        return OPS[operation].run(fields, {"uow": self.uow(principal.tenant_id), "principal": principal,
                                           "documents": self.documents, "caller": None,
                                           "idempotency_key": fields.pop("idempotency_key", None)})

    def sign(self, project_id: str, type_id: str, *, by: Principal | None = None, supersedes: str | None = None,
             **overrides: Any) -> Any:
        """File ``type_id`` with valid data and every signature, as its first filing role."""
        return self.call("sign_form", by or staff(paperwork.filer(type_id)), project_id=project_id,
                         supersedes=supersedes, **paperwork.body(type_id, **overrides))

    def ready(self, project_id: str) -> None:
        """Sign what work needs first: handovers (K02, K03), site condition (K06), materials (K05)."""
        for type_id in paperwork.BEFORE_WORK:
            self.sign(project_id, type_id)

    def deliver(self, event: dict[str, Any]) -> bool:
        """Hand one bus message to the service's consumers, as its event entrypoint does."""
        return all([handle(c, "construction", lambda t: self.uow(t)(), event) for c in EVENT_HANDLERS
                    if c.event_type == event["event_type"]])

    def open(self, contract_id: str = "c-1", **kwargs: Any) -> str:
        """Sign a contract and return the id of the project it opened."""
        event = contract_signed(contract_id, **kwargs)
        self.deliver(event)
        page = self.call("list_projects", staff("hq", tenant=event["tenant_id"]), contract_id=contract_id)
        return str(page["items"][0]["id"])


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    db = ServiceDatabase("construction", "sqlite://")
    metadata.create_all(db.engine)
    yield Site(db, FolderDocumentStore(tmp_path / "documents"))
    db.dispose()


def installment_paid(contract_id: str = "c-1", kind: str = "final", *, store: str = "A",
                     tenant: str = "demo") -> dict[str, Any]:
    """A ``finance.installment_paid`` message (events.md)."""
    return {"event_id": new_id(), "event_type": "installment_paid", "version": 1, "tenant_id": tenant,
            "occurred_at": "2027-02-24T02:00:00+00:00", "trace": {}, "contract_id": contract_id, "store": store,
            "kind": kind, "amount": "20300.00", "paid_on": "2027-02-24"}


def published(site: Site, event_type: str) -> list[dict[str, Any]]:
    """The payloads of ``event_type`` in the outbox, oldest first."""
    from sqlalchemy import select

    with site.db.sessions() as s:
        return list(s.execute(select(PLATFORM.outbox.c.payload).where(PLATFORM.outbox.c.event_type == event_type)
                              .order_by(PLATFORM.outbox.c.seq)).scalars())
