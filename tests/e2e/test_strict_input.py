"""Issue 6, item 3 through the API: strict input, never a 500 (F07 for money, P05 otherwise)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.platforms import Journey, Live, visit_time

#: Amounts that answered 500 or were taken as money before (issue 6); each is a 400 F07 now.
BAD_AMOUNTS: list[Any] = ["1e28", "1e400", "1" * 27, "１００.００", "1E+2", "1_000.00", " 100.00 ", "NaN",
                          "Infinity", "100.001", "", 100, 12.5, 10**27, None, True, ["1.00"]]


@pytest.fixture(scope="module")
def lead(live: Live) -> dict[str, Any]:
    return Journey(live).lead()


def _problem(res: httpx.Response, field: str, rule: str) -> None:
    assert res.status_code == 400, res.text
    assert res.headers["content-type"].startswith("application/problem+json")
    assert (res.json()["field"], res.json()["rule"]) == (field, rule), res.text


@pytest.mark.parametrize("amount", BAD_AMOUNTS, ids=repr)
def test_F07_bad_amount_on_a_payment_is_400(live: Live, amount: Any) -> None:
    key = {"Idempotency-Key": f"bad-{BAD_AMOUNTS.index(amount)}"}
    res = live.as_user("finance-a").post("/api/v1/payments", headers=key, json={
        "contract_id": "c-1", "kind": "first", "amount": amount, "method": "cash"})
    _problem(res, "amount", "F07")


def test_F07_json_number_out_of_float_range_is_400(live: Live) -> None:
    raw = b'{"contract_id": "c-1", "kind": "first", "amount": 1e400, "method": "cash"}'
    res = live.as_user("finance-a").post("/api/v1/payments", content=raw, headers={
        "content-type": "application/json", "Idempotency-Key": "bad-raw-1e400"})
    _problem(res, "amount", "F07")


@pytest.mark.parametrize("amount", BAD_AMOUNTS, ids=repr)
def test_F07_bad_unit_price_of_a_special_quote_item_is_400(live: Live, lead: dict[str, Any], amount: Any) -> None:
    res = live.as_user("designer-a").post("/api/v1/quotes", json={
        "lead_id": lead["id"], "items": [{"catalogue_code": "PAINT-01", "quantity": "10"}],
        "special_items": [{"name": "定制金色龙头", "unit": "个", "unit_price": amount, "quantity": "2"}]})
    _problem(res, "special_items.0.unit_price", "F07")


@pytest.mark.parametrize("requested_for", [
    "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", 1764547200, "1764547200", "2026-02-30T10:00:00",
    "2026-12-01 10:00", "２０２６-12-01T10:00:00", None,
    (datetime.now(UTC) - timedelta(hours=1)).isoformat(),   # in the past
    (datetime.now(UTC) + timedelta(days=400)).isoformat(),  # over a year ahead
], ids=repr)
def test_P05_bad_measurement_visit_time_is_400(live: Live, lead: dict[str, Any], requested_for: Any) -> None:
    res = live.as_user("designer-a").post(f"/api/v1/leads/{lead['id']}/measurement-requests",
                                          json={"requested_for": requested_for})
    _problem(res, "requested_for", "P05")


def test_P05_a_visit_next_week_is_taken(live: Live, lead: dict[str, Any]) -> None:
    res = live.as_user("designer-a").post(f"/api/v1/leads/{lead['id']}/measurement-requests",
                                          json={"requested_for": visit_time()})
    assert res.status_code == 201 and res.json()["requested_for"] == visit_time()


@pytest.mark.parametrize("body", [b"[]", b'"x"', b"null", b"{not json", b'{"customer_name": "\\ud800"}',
                                  b'{"customer_name": "\\u0000"}', b'{"\\ud800": 1}', b"[" * 50_000 + b"]" * 50_000,
                                  b'{"a":' * 20_000 + b"1" + b"}" * 20_000])
def test_P05_a_body_that_is_no_json_object_is_400(live: Live, body: bytes) -> None:
    res = live.as_user("designer-a").post("/api/v1/leads", content=body, headers={"content-type": "application/json"})
    assert res.status_code == 400 and res.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("path", ["/api/v1/leads?limit=abc", "/api/v1/leads?limit=" + "9" * 30,
                                  "/api/v1/leads?cursor=%00%ff" + "z" * 3000, "/api/v1/contracts/" + "a" * 5000,
                                  "/api/v1/payments?contract_id=" + "x" * 5000, "/api/v1/leads/%00",
                                  "/api/v1/contracts?cursor=a%00b", "/api/v1/projects?contract_id=%00"])
def test_P05_garbage_query_and_path_parameters_never_answer_500(live: Live, path: str) -> None:
    res = live.as_user("finance-a").get(path)
    assert res.status_code in (200, 400, 404), res.text
    assert res.status_code == 200 or res.headers["content-type"].startswith("application/problem+json")


def test_P05_oversized_signature_image_is_400(live: Live) -> None:
    journey = Journey(live)
    contract = journey.draft_contract()
    image = "data:image/png;base64," + "A" * (600 * 1024)
    res = journey.sign(contract["id"], customer_signature={"name": "王芳", "role": "customer", "image": image})
    _problem(res, "customer_signature.image", "P05")
