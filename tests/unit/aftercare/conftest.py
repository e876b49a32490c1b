"""Fixtures for aftercare use cases: a real in-memory SQLite database, principals, signing events."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest

from services.aftercare.adapters.orm import PLATFORM, metadata
from services.aftercare.adapters.unit_of_work import AftercareUnitOfWork
from services.aftercare.operations import EVENT_HANDLERS, OPERATIONS
from shared.documents.store import FolderDocumentStore
from shared.identity.context import Principal
from shared.ids import new_id
from shared.messaging.consumers import handle
from shared.persistence.db import ServiceDatabase

OPS = {op.rpc_name: op for op in OPERATIONS}

#: The instant complaints are received in these tests, unless a test says otherwise.
T0 = datetime(2025, 12, 1, 2, 0, tzinfo=UTC)


def staff(role: str, store: str = "A", tenant: str = "demo") -> Principal:
    return Principal(tenant_id=tenant, user_id=f"{role}-{store}", username=f"{role}-{store.lower()}",
                     roles=frozenset({role}), stores=frozenset({store}))


def contract_signed(contract_id: str = "c-1", *, store: str = "A", tenant: str = "demo",
                    event_id: str | None = None, **overrides: Any) -> dict[str, Any]:
    """A ``contracts.contract_signed`` message as it arrives on the bus."""
    event = {
        "event_id": event_id or new_id(), "event_type": "contract_signed", "version": 1,
        "tenant_id": tenant, "occurred_at": "2025-11-22T02:00:00+00:00", "trace": {},
        "contract_id": contract_id, "number": f"{store}25112201", "lead_id": "lead-1", "quote_id": "q-1",
        "store": store, "customer_name": "王芳", "address": "朝阳区望京街 8 号", "designer": "designer-a",
        "total": "100000.00", "signed_at": "2025-11-22T02:00:00+00:00", "signed_on": "2025-11-22",
        "market_party": False,
    }
    event.update(overrides)
    return event


class Desk:
    """An aftercare database with helpers to open archives and record complaints."""

    def __init__(self, db: ServiceDatabase, documents: FolderDocumentStore | None = None) -> None:
        self.db = db
        self.documents = documents

    def uow(self, tenant: str = "demo") -> Callable[[], AftercareUnitOfWork]:
        return lambda: AftercareUnitOfWork(self.db, PLATFORM, tenant)

    def call(self, operation: str, principal: Principal, *, now: datetime | None = None,
             idempotency_key: str | None = None, **fields: Any) -> Any:
        """Run a declared operation as its entrypoint does: fields in, plain data out.

        ``now`` moves the service's clock for the call (the A06 deadlines are read against it).
        """
        dependencies = {"uow": self.uow(principal.tenant_id), "principal": principal,
                        "idempotency_key": idempotency_key, "documents": self.documents}
        if now is None:
            return OPS[operation].run(fields, dependencies)
        with patch("services.aftercare.application.utcnow", return_value=now):
            return OPS[operation].run(fields, dependencies)

    def deliver(self, event: dict[str, Any]) -> bool:
        """Hand one bus message to the service's consumers, as its event entrypoint does."""
        return all([handle(c, "aftercare", lambda t: self.uow(t)(), event) for c in EVENT_HANDLERS
                    if c.event_type == event["event_type"]])

    def sign(self, contract_id: str = "c-1", **kwargs: Any) -> dict[str, Any]:
        event = contract_signed(contract_id, **kwargs)
        self.deliver(event)
        return event

    def complain(self, contract_id: str = "c-1", *, by: Principal | None = None, now: datetime = T0,
                 **fields: Any) -> dict[str, Any]:
        principal = by or staff("aftercare")
        return self.call("record_complaint", principal, now=now, contract_id=contract_id,
                         text=fields.pop("text", "墙面开裂"), **fields)

    def events(self, event_type: str) -> list[dict[str, Any]]:
        with self.db.sessions() as s:
            rows = s.execute(PLATFORM.outbox.select().where(PLATFORM.outbox.c.event_type == event_type)
                             .order_by(PLATFORM.outbox.c.seq)).all()
        return [dict(r.payload) for r in rows]


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    db = ServiceDatabase("aftercare", "sqlite://")
    metadata.create_all(db.engine)
    yield Desk(db, FolderDocumentStore(tmp_path / "documents"))
    db.dispose()
