"""Fixtures for sales use cases: a real in-memory SQLite database, a tenant's unit of work, principals."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from services.sales.adapters.orm import PLATFORM, metadata
from services.sales.adapters.unit_of_work import SalesUnitOfWork
from services.sales.operations import OPERATIONS
from shared.identity.context import Principal
from shared.persistence.db import ServiceDatabase

OPS = {op.rpc_name: op for op in OPERATIONS}
SIGNATURE = {"name": "王芳", "role": "customer", "image": "data:image/png;base64,iVBORw0KGgo="}



def visit_time(days: int = 7, offset: str = "+08:00") -> str:
    """A measurement visit ``days`` ahead at 10:00 store time (visits are never in the past)."""
    day = (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=days)).date()
    return f"{day.isoformat()}T10:00:00{offset}"

def staff(role: str, store: str = "A", tenant: str = "demo") -> Principal:
    return Principal(tenant_id=tenant, user_id=f"{role}-{store}", username=f"{role}-{store.lower()}",
                     roles=frozenset({role}), stores=frozenset({store}))


def lead_payload(**overrides: Any) -> dict[str, Any]:
    body = {"customer_name": "王芳", "phone": "13800138000", "address": "朝阳区望京街 8 号 3-201",
            "store": "A", "source": "web", "channel": "residential_community",
            "consultation_channel": "walk_in"}
    body.update(overrides)
    return body


class Studio:
    """A sales database with helpers to walk a lead through the first steps."""

    def __init__(self, db: ServiceDatabase) -> None:
        self.db = db

    def uow(self, tenant: str = "demo") -> Callable[[], SalesUnitOfWork]:
        return lambda: SalesUnitOfWork(self.db, PLATFORM, tenant)

    def call(self, operation: str, principal: Principal, *, key: str | None = None, **fields: Any) -> Any:
        """Run a declared operation as its entrypoint does: fields in, plain data out."""
        return OPS[operation].run(fields, {"uow": self.uow(principal.tenant_id), "principal": principal,
                                           "idempotency_key": key})

    def lead(self, by: Principal | None = None, **overrides: Any) -> dict[str, Any]:
        by = by or staff("designer")
        return self.call("register_lead", by, **lead_payload(**overrides))

    def scheduled_visit(self, lead_id: str) -> dict[str, Any]:
        request = self.call("request_measurement", staff("designer"), lead_id=lead_id, requested_for=visit_time())
        return self.call("approve_measurement_request", staff("studio_manager"),
                         request_id=request["id"])

    def events(self, event_type: str) -> list[dict[str, Any]]:
        with self.db.sessions() as s:
            rows = s.execute(select(PLATFORM.outbox.c.payload)
                             .where(PLATFORM.outbox.c.event_type == event_type)
                             .order_by(PLATFORM.outbox.c.seq)).scalars()
            return [dict(p) for p in rows]


@pytest.fixture
def studio() -> Iterator[Studio]:
    db = ServiceDatabase("sales", "sqlite://")
    metadata.create_all(db.engine)
    yield Studio(db)
    db.dispose()
