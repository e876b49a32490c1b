"""S04: every Monday the previous week's customer resource statistics of every store, once, as
XLSX and PDF for the general manager, and on demand for any past week."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from services.reporting import application as app
from services.reporting.adapters.orm import PLATFORM, metadata
from services.reporting.adapters.statements import tenants_to_sweep
from services.reporting.adapters.unit_of_work import ReportingUnitOfWork
from services.reporting.operations import EVENT_HANDLERS, OPERATIONS
from shared.documents.store import FolderDocumentStore
from shared.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from shared.identity.context import Principal
from shared.ids import new_id
from shared.messaging.consumers import handle
from shared.persistence.db import ServiceDatabase

OPS = {op.rpc_name: op for op in OPERATIONS}
GM = Principal(tenant_id="demo", user_id="gm", username="gm", roles=frozenset({"general_manager"}),
               stores=frozenset())


def staff(role: str, store: str = "A", tenant: str = "demo") -> Principal:
    return Principal(tenant_id=tenant, user_id=role, username=role, roles=frozenset({role}), stores=frozenset({store}))


def local(day: str, hour: int) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+08:00").astimezone(UTC)


class Books:
    def __init__(self, db: ServiceDatabase, documents: FolderDocumentStore) -> None:
        self.db, self.documents = db, documents

    def uow(self, tenant: str = "demo") -> ReportingUnitOfWork:
        return ReportingUnitOfWork(self.db, PLATFORM, tenant)

    def deliver(self, source: str, event_type: str, at: datetime, tenant: str = "demo", **fields: Any) -> None:
        event = {"event_id": new_id(), "event_type": event_type, "version": 1, "tenant_id": tenant,
                 "occurred_at": at.isoformat(), "trace": {}, **fields}
        for c in EVENT_HANDLERS:
            if c.source == source and c.event_type == event_type:
                handle(c, "reporting", lambda t: self.uow(t), event)

    def lead(self, at: datetime, store: str = "A", tenant: str = "demo") -> None:
        self.deliver("sales", "lead_registered", at, tenant, lead_id=new_id(), store=store)

    def sign(self, at: datetime, total: str, store: str = "A") -> None:
        self.deliver("contracts", "contract_signed", at, contract_id=new_id(), store=store, total=total)

    def call(self, name: str, principal: Principal, **fields: Any) -> dict[str, Any]:
        deps = {"uow": lambda: self.uow(principal.tenant_id), "principal": principal, "documents": self.documents}
        return OPS[name].run(fields, deps)  # type: ignore[no-any-return]

    def produced(self) -> list[dict[str, Any]]:
        with self.db.sessions() as s:
            return [dict(p) for p in s.execute(select(PLATFORM.outbox.c.payload)
                                               .where(PLATFORM.outbox.c.event_type == "statistics_produced"))
                    .scalars()]


@pytest.fixture
def books(tmp_path: Path) -> Iterator[Books]:
    db = ServiceDatabase("reporting", "sqlite://")
    metadata.create_all(db.engine)
    yield Books(db, FolderDocumentStore(tmp_path / "documents"))
    db.dispose()


def week_of_leads(books: Books) -> None:
    # The week of Monday 2026-11-30: three leads in A (one late on Sunday, store time), a signing.
    books.lead(local("2026-11-30", 9))
    books.lead(local("2026-12-02", 15))
    books.lead(local("2026-12-06", 23))
    books.sign(local("2026-12-03", 11), "120000.00")
    books.lead(local("2026-12-07", 0))  # Monday after: next week's
    books.lead(local("2026-12-01", 10), store="B")


def test_S04_weekly_statistics_every_monday_once_per_store_for_the_general_manager(books: Books) -> None:
    week_of_leads(books)
    assert tenants_to_sweep(books.db) == ["demo"]  # the tenant joined the sweep with its first lead
    assert app.produce_weekly_statistics(books.uow, books.documents, local("2026-12-07", 0)) == ["A", "B"]
    assert app.produce_weekly_statistics(books.uow, books.documents, local("2026-12-07", 9)) == []  # once
    assert app.produce_weekly_statistics(books.uow, books.documents, local("2026-12-13", 23)) == []  # all week
    events = {e["store"]: e for e in books.produced()}
    assert (events["A"]["period"], events["A"]["total"], events["A"]["recipient_roles"]) == (
        "2026-11-30", "120000.00", ["general_manager"])
    # The next Monday, the next week.
    assert app.produce_weekly_statistics(books.uow, books.documents, local("2026-12-14", 0)) == ["A", "B"]


def test_S04_statistics_document_counts_the_store_local_days(books: Books) -> None:
    week_of_leads(books)
    with patch("services.reporting.application.utcnow", return_value=local("2026-12-08", 9)):
        answer = books.call("get_customer_resource_statistics", GM, week="2026-11-30", store="A")
    assert (answer["leads"], answer["contracts_signed"], answer["contract_value"], answer["signing_rate"]) == (
        3, 1, "120000.00", "33.3%")
    assert [d["leads"] for d in answer["days"]] == [1, 0, 1, 0, 0, 0, 1]
    content = books.call("document_content", GM, document_id=answer["document_id"])
    sheet = load_workbook(BytesIO(books.documents.get("demo", content["storage_key"]))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "客户资源统计表 A 2026-11-30" and len(rows) == 2 + 7 + 2
    assert rows[2][:3] == ["2026-11-30", "星期一", 1] and rows[9][:5] == ["合计", None, 3, 1, "120000.00"]
    pdf = books.call("document_content", GM, document_id=answer["pdf_document_id"])
    assert pdf["content_type"] == "application/pdf"
    assert books.documents.get("demo", pdf["storage_key"]).startswith(b"%PDF-")
    # On demand first, then the timer: produced once.
    with patch("services.reporting.application.utcnow", return_value=local("2026-12-08", 9)):
        again = books.call("get_customer_resource_statistics", staff("studio_manager"), week="2026-11-30")
    assert again["document_id"] == answer["document_id"]
    assert app.produce_weekly_statistics(books.uow, books.documents, local("2026-12-08", 10)) == ["B"]


def test_S04_statistics_refusals(books: Books) -> None:
    week_of_leads(books)
    with patch("services.reporting.application.utcnow", return_value=local("2026-12-06", 20)):
        with pytest.raises(RuleViolation) as err:  # the week is not over (Sunday evening)
            books.call("get_customer_resource_statistics", GM, week="2026-11-30", store="A")
        assert err.value.rule == "S04"
    with patch("services.reporting.application.utcnow", return_value=local("2026-12-08", 9)):
        with pytest.raises(Forbidden) as refused:
            books.call("get_customer_resource_statistics", staff("designer"), week="2026-11-30")
        assert refused.value.rule == "S04"
        with pytest.raises(NotFound):
            books.call("get_customer_resource_statistics", staff("studio_manager", "B"), week="2026-11-30",
                       store="A")
        answer = books.call("get_customer_resource_statistics", GM, week="2026-11-30", store="A")
        with pytest.raises(NotFound):  # another store's, or another tenant's, document
            books.call("document_content", staff("studio_manager", "B"), document_id=answer["document_id"])
        with pytest.raises(NotFound):
            books.call("document_content", staff("general_manager", tenant="other"),
                       document_id=answer["document_id"])
        for bad in ({"week": "2026-12-01"}, {"week": "2026-02-30"}, {"week": "x"}, {"store": "AB"},
                    {"week": "2026-11-30" * 20}):
            with pytest.raises(InvalidInput):
                books.call("get_customer_resource_statistics", GM, **({"week": "2026-11-30", "store": "A"} | bad))
        with pytest.raises(InvalidInput):
            books.call("get_customer_resource_statistics", GM, week="2026-11-30")  # which store?
