"""Fixtures for the notifications service: a real in-memory SQLite database, principals, events."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from services.notifications.adapters.orm import PLATFORM, metadata
from services.notifications.adapters.unit_of_work import NotificationsUnitOfWork
from services.notifications.operations import EVENT_HANDLERS, OPERATIONS
from shared.identity.context import Principal
from shared.ids import new_id
from shared.messaging.consumers import handle
from shared.persistence.db import ServiceDatabase

OPS = {op.rpc_name: op for op in OPERATIONS}


def staff(role: str, store: str = "A", tenant: str = "demo", username: str | None = None) -> Principal:
    return Principal(tenant_id=tenant, user_id=f"{role}-{store}", username=username or f"{role}-{store.lower()}",
                     roles=frozenset({role}), stores=frozenset({store}))


def tenant_wide(role: str = "general_manager", tenant: str = "demo") -> Principal:
    return Principal(tenant_id=tenant, user_id=role, username=role, roles=frozenset({role}), stores=frozenset())


def event(event_type: str, *, tenant: str = "demo", event_id: str | None = None, **fields: Any) -> dict[str, Any]:
    return {"event_id": event_id or new_id(), "event_type": event_type, "version": 1, "tenant_id": tenant,
            "occurred_at": "2025-12-24T02:00:00+00:00", "trace": {}, **fields}


def payment_overdue(store: str = "A", **fields: Any) -> dict[str, Any]:
    return event("payment_overdue", **({"contract_id": "c-1", "number": f"{store}25112201", "store": store,
                                        "kind": "midterm", "amount": "30000.00", "outstanding": "20000.00",
                                        "due_on": "2025-12-23",
                                        "alert_roles": ["engineering_manager", "general_manager"]} | fields))


def complaint_escalated(store: str = "A", **fields: Any) -> dict[str, Any]:
    return event("complaint_escalated", **({"complaint_id": "cp-1", "contract_id": "c-1", "store": store,
                                            "severity": "major", "reason": "many_customers_on_one_matter",
                                            "detail": "5 customers complain about one matter",
                                            "escalated_to": "general_manager", "matter": "m"} | fields))


class Desk:
    def __init__(self, db: ServiceDatabase) -> None:
        self.db = db

    def uow(self, tenant: str = "demo") -> Callable[[], NotificationsUnitOfWork]:
        return lambda: NotificationsUnitOfWork(self.db, PLATFORM, tenant)

    def call(self, operation: str, principal: Principal, **fields: Any) -> Any:
        return OPS[operation].run(fields, {"uow": self.uow(principal.tenant_id), "principal": principal,
                                           "idempotency_key": None})

    def deliver(self, message: dict[str, Any]) -> bool:
        return all([handle(c, "notifications", lambda t: self.uow(t)(), message) for c in EVENT_HANDLERS
                    if c.event_type == message["event_type"]])


@pytest.fixture
def desk() -> Iterator[Desk]:
    db = ServiceDatabase("notifications", "sqlite://")
    metadata.create_all(db.engine)
    yield Desk(db)
    db.dispose()
