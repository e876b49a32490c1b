"""Issue 6, item 2 through the API: an ``Idempotency-Key`` belongs to its caller and endpoint (F07).

Replayed by anyone else a key answers as if unknown (a new request, authorized like any other),
never with the first caller's stored answer; replayed by its caller it answers the first answer.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.platforms import Journey, Live, eventually


@pytest.fixture(scope="module")
def signed(live: Live) -> dict[str, Any]:
    """A contract of store A, signed with an idempotency key, with its payment plan open."""
    journey = Journey(live)
    contract = journey.draft_contract()
    key = f"sign-{contract['id']}"
    body = {"customer_signature": {"name": "王芳", "role": "customer", "image": "data:image/png;base64,iVBORw0KGgo="},
            "cost_notice_acknowledged": True}
    first = journey.designer.post(f"/api/v1/contracts/{contract['id']}/sign", json=body,
                                  headers={"Idempotency-Key": key})
    assert first.status_code == 200, first.text
    eventually(lambda: live.as_user("finance-a").get(f"/api/v1/contracts/{contract['id']}/payment-plan"),
               ok=lambda r: r.status_code == 200)
    eventually(lambda: live.as_user("aftercare-a").get(f"/api/v1/customer-archive/{contract['id']}"),
               ok=lambda r: r.status_code == 200)
    return {"contract": contract["id"], "sign_key": key, "sign_body": body, "signed": first.json()}


def test_F07_payment_without_idempotency_key_is_400(live: Live, signed: dict[str, Any]) -> None:
    finance = live.as_user("finance-a")
    body = {"contract_id": signed["contract"], "kind": "first", "amount": "1.00", "method": "cash"}
    res = finance.post("/api/v1/payments", json=body)
    assert res.status_code == 400 and res.headers["content-type"].startswith("application/problem+json")
    assert (res.json()["field"], res.json()["rule"]) == ("Idempotency-Key", "F07")
    for absurd in ("x" * 201, "", "a b\tc"):
        res = finance.post("/api/v1/payments", json=body, headers={"Idempotency-Key": absurd})
        assert res.status_code == 400 and res.json()["field"] == "Idempotency-Key", (absurd, res.text)
    listed = finance.get("/api/v1/payments", params={"contract_id": signed["contract"]}).json()["items"]
    assert all(p["amount"] != "1.00" for p in listed)


def test_H6_payment_key_replayed_by_another_caller_answers_as_if_unknown(live: Live,
                                                                          signed: dict[str, Any]) -> None:
    key = {"Idempotency-Key": f"pay-{signed['contract']}"}
    body = {"contract_id": signed["contract"], "kind": "first", "amount": "300.00", "method": "bank_transfer"}
    first = live.as_user("finance-a").post("/api/v1/payments", json=body, headers=key)
    assert first.status_code == 201, first.text

    # Another store's finance: authorized as a new request, so the contract is not theirs (404).
    other_store = live.as_user("finance-b").post("/api/v1/payments", json=body, headers=key)
    assert other_store.status_code == 404, other_store.text
    assert first.json()["id"] not in other_store.text
    # A colleague of the same store: a new payment, not the first one's answer, and no 409 for
    # a different body under "their" key either.
    colleague = live.as_user("cashier-a").post("/api/v1/payments", json={**body, "amount": "20.00"}, headers=key)
    assert colleague.status_code == 201, colleague.text
    assert colleague.json()["id"] != first.json()["id"] and colleague.json()["received_by"] == "cashier-a"
    # The caller's own replay: the first answer, nothing recorded twice.
    again = live.as_user("finance-a").post("/api/v1/payments", json=body, headers=key)
    assert again.status_code in (200, 201) and again.json() == first.json()
    listed = live.as_user("finance-a").get("/api/v1/payments", params={"contract_id": signed["contract"]})
    assert sorted(p["amount"] for p in listed.json()["items"]) == ["20.00", "300.00"]


def test_H6_complaint_key_replayed_by_another_caller_answers_as_if_unknown(live: Live,
                                                                            signed: dict[str, Any]) -> None:
    key = {"Idempotency-Key": f"complaint-{signed['contract']}"}
    body = {"contract_id": signed["contract"], "text": "卫生间墙砖空鼓", "customers_affected": 1}
    first = live.as_user("aftercare-a").post("/api/v1/complaints", json=body, headers=key)
    assert first.status_code == 201, first.text

    other_store = live.as_user("aftercare-b").post("/api/v1/complaints", json=body, headers=key)
    assert other_store.status_code == 404 and first.json()["id"] not in other_store.text
    colleague = live.as_user("designer-a").post("/api/v1/complaints", json=body, headers=key)
    assert colleague.status_code == 201 and colleague.json()["id"] != first.json()["id"]
    again = live.as_user("aftercare-a").post("/api/v1/complaints", json=body, headers=key)
    assert again.status_code in (200, 201) and again.json()["id"] == first.json()["id"]


def test_H6_signing_key_replayed_by_another_caller_answers_as_if_unknown(live: Live,
                                                                          signed: dict[str, Any]) -> None:
    path = f"/api/v1/contracts/{signed['contract']}/sign"
    key = {"Idempotency-Key": signed["sign_key"]}
    other_store = live.as_user("designer-b").post(path, json=signed["sign_body"], headers=key)
    assert other_store.status_code == 404 and signed["signed"]["number"] not in other_store.text
    # The studio manager of the same store signs anew: the contract is signed already (409).
    colleague = live.as_user("studio_manager-a").post(path, json=signed["sign_body"], headers=key)
    assert colleague.status_code == 409 and colleague.json()["field"] == "status", colleague.text
    again = live.as_user("designer-a").post(path, json=signed["sign_body"], headers=key)
    assert again.status_code == 200 and again.json() == signed["signed"]
