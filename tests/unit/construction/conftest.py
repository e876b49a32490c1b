"""Fixtures for construction use cases: a real in-memory SQLite database, principals, signing events."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from services.construction import application as app
from services.construction.adapters.orm import PLATFORM, Base
from services.construction.adapters.unit_of_work import ConstructionUnitOfWork
from shared.context import Principal
from shared.db import ServiceDatabase
from shared.ids import new_id


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
    """A construction database with helpers to open projects."""

    def __init__(self, db: ServiceDatabase) -> None:
        self.db = db

    def uow(self, tenant: str = "demo") -> Callable[[], ConstructionUnitOfWork]:
        return lambda: ConstructionUnitOfWork(self.db, PLATFORM, tenant)

    def open(self, contract_id: str = "c-1", **kwargs: Any) -> str:
        """Sign a contract and return the id of the project it opened."""
        event = contract_signed(contract_id, **kwargs)
        app.open_project(self.uow(event["tenant_id"]), handler="construction.open_project", event=event)
        page = app.list_projects(self.uow(event["tenant_id"]), staff("hq", tenant=event["tenant_id"]),
                                 contract_id=contract_id)
        return str(page["items"][0]["id"])


@pytest.fixture
def site() -> Iterator[Site]:
    db = ServiceDatabase("construction", "sqlite://")
    Base.metadata.create_all(db.engine)
    yield Site(db)
    db.dispose()
