"""F05: the previous day's receipts statement, once per store and day, as XLSX, and on demand."""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO
from unittest.mock import patch

import pytest
from openpyxl import load_workbook

from services.finance import application as app
from shared.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from shared.identity.context import Principal
from shared.ids import new_id

from .conftest import Books, staff

GM = Principal(tenant_id="demo", user_id="gm", username="general_manager", roles=frozenset({"general_manager"}),
               stores=frozenset())


def local(day: str, hour: int) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+08:00").astimezone(UTC)


def take(books: Books, at: datetime, amount: str, role: str = "finance", store: str = "A") -> None:
    with patch("services.finance.application.utcnow", return_value=at):
        books.call("record_payment", staff(role, store), idempotency_key=new_id(),
                   contract_id="c-1" if store == "A" else "c-2", kind="deposit", amount=amount, method="cash")


def outbox(books: Books) -> list[dict]:
    from sqlalchemy import select

    from services.finance.adapters.orm import PLATFORM

    with books.db.sessions() as s:
        return [dict(p) for p in s.execute(select(PLATFORM.outbox.c.payload)
                                           .where(PLATFORM.outbox.c.event_type == "statement_produced")).scalars()]


def test_F05_yesterdays_receipts_statement_once_per_store_before_10(books: Books) -> None:
    books.sign()
    books.sign("c-2", store="B")
    take(books, local("2026-12-07", 9), "100.00")
    take(books, local("2026-12-07", 23), "250.50", role="cashier")
    take(books, local("2026-12-08", 0), "999.00")  # the next day, store time
    take(books, local("2026-12-07", 12), "300.00", store="B")
    assert sorted(app.produce_daily_statements(books.uow(), books.documents, local("2026-12-08", 0))) == ["A", "B"]
    assert app.produce_daily_statements(books.uow(), books.documents, local("2026-12-08", 1)) == []  # once
    events = {e["store"]: e for e in outbox(books) if e["kind"] == "receipts"}
    assert (events["A"]["total"], events["A"]["period"], events["A"]["recipient_roles"]) == (
        "350.50", "2026-12-07", ["general_manager", "engineering_stats"])
    content = books.call("document_content", GM, document_id=events["A"]["document_id"])
    assert content["content_type"].endswith("spreadsheetml.sheet")
    sheet = load_workbook(BytesIO(books.documents.get("demo", content["storage_key"]))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "工程款收支明细表 A 2026-12-07" and len(rows) == 2 + 2 + 2  # title, header, 2 lines, 2 sums
    assert rows[2][1] == "A25112201" and rows[-1][2] == "350.50"


def test_F05_on_demand_for_a_past_day(books: Books) -> None:
    books.sign()
    take(books, local("2026-12-07", 9), "100.00")
    with patch("services.finance.application.utcnow", return_value=local("2026-12-09", 9)):
        answer = books.call("get_receipts_statement", GM, on="2026-12-07", store="A")
        again = books.call("get_receipts_statement", staff("finance"), on="2026-12-07")
        assert answer["document_id"] == again["document_id"] and answer["totals"]["total"] == "100.00"
        with pytest.raises(RuleViolation) as err:
            books.call("get_receipts_statement", GM, on="2026-12-09", store="A")  # not over yet
        assert err.value.rule == "F05"
        with pytest.raises(Forbidden) as refused:
            books.call("get_receipts_statement", staff("designer"), on="2026-12-07")
        assert refused.value.rule == "F05"
        with pytest.raises(NotFound):
            books.call("get_receipts_statement", staff("finance", "B"), on="2026-12-07", store="A")
        for bad in ({"on": "2026-02-30"}, {"on": "yesterday"}, {"store": "AB"}):
            with pytest.raises(InvalidInput):
                books.call("get_receipts_statement", GM, **({"on": "2026-12-07", "store": "A"} | bad))
        with pytest.raises(InvalidInput):
            books.call("get_receipts_statement", GM, on="2026-12-07")  # which store?


def test_F05_signing_statistics_once_per_store_for_gm_finance_engineering(books: Books) -> None:
    books.sign(signed_on="2026-12-07")
    books.sign("c-2", store="B", signed_on="2026-12-07")
    with patch("services.finance.application.utcnow", return_value=local("2026-12-08", 0)):
        yesterday = books.call("get_signing_statement", GM, on="2026-12-07", store="A")
    produced_on_demand = yesterday["document_id"]
    events = [e for e in outbox(books) if e["kind"] == "signings"]
    assert [(e["store"], e["recipient_roles"]) for e in events] == [("A", ["general_manager", "finance",
                                                                           "engineering_stats"])]
    app.produce_daily_statements(books.uow(), books.documents, local("2026-12-08", 0))
    app.produce_daily_statements(books.uow(), books.documents, local("2026-12-08", 2))
    events = [e for e in outbox(books) if e["kind"] == "signings"]
    assert sorted(e["store"] for e in events) == ["A", "B"]  # A's on-demand one is not produced again
    assert next(e for e in events if e["store"] == "A")["document_id"] == produced_on_demand


def test_F05_signing_statistics_document_rows_and_pdf(books: Books) -> None:
    books.sign(signed_on="2026-12-07")
    books.sign("c-3", signed_on="2026-12-06")
    with patch("services.finance.application.utcnow", return_value=local("2026-12-09", 9)):
        answer = books.call("get_signing_statement", staff("finance"), on="2026-12-07")
        empty = books.call("get_signing_statement", staff("finance"), on="2026-12-08")
    assert answer["contracts"] == 1 and answer["lines"][0]["number"] == "A25112201"
    assert answer["value"] == answer["lines"][0]["total"]
    assert (empty["contracts"], empty["value"], empty["lines"]) == (0, "0.00", [])
    content = books.call("document_content", GM, document_id=answer["document_id"])
    sheet = load_workbook(BytesIO(books.documents.get("demo", content["storage_key"]))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "签单统计表 A 2026-12-07" and rows[2][1] == "A25112201"
    assert rows[-1][:4] == ["合计", "1 单", None, answer["value"]]
    pdf = books.call("document_content", GM, document_id=answer["pdf_document_id"])
    assert pdf["content_type"] == "application/pdf"
    assert books.documents.get("demo", pdf["storage_key"]).startswith(b"%PDF-")


def test_F05_signing_statistics_refusals(books: Books) -> None:
    books.sign()
    with patch("services.finance.application.utcnow", return_value=local("2026-12-09", 9)):
        with pytest.raises(RuleViolation) as err:
            books.call("get_signing_statement", GM, on="2026-12-09", store="A")
        assert err.value.rule == "F05"
        with pytest.raises(Forbidden):
            books.call("get_signing_statement", staff("designer"), on="2026-12-07")
        with pytest.raises(NotFound):
            books.call("get_signing_statement", staff("finance", "B"), on="2026-12-07", store="A")
        for bad in ({"on": "2026-02-30"}, {"on": "x"}, {"store": "AB"}):
            with pytest.raises(InvalidInput):
                books.call("get_signing_statement", GM, **({"on": "2026-12-07", "store": "A"} | bad))
