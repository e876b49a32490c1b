"""Money after signing through the API, in both modes: F01 (in transit until confirmed, the day's
receipts), the payment notices of F03 (the customer signs the mid-term one once it is issued)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.platforms import SIGNATURE, Journey, Live, eventually


@pytest.fixture(scope="module")
def signed(live: Live) -> dict[str, Any]:
    journey = Journey(live)
    contract = journey.draft_contract()
    assert journey.sign(contract["id"]).status_code == 200
    plan = eventually(lambda: live.as_user("finance-a").get(f"/api/v1/contracts/{contract['id']}/payment-plan"),
                      ok=lambda r: r.status_code == 200)
    return {"contract": contract["id"], "plan": plan.json()}


def pay(live: Live, user: str, contract: str, amount: str, key: str) -> Any:
    return live.as_user(user).post("/api/v1/payments", headers={"Idempotency-Key": key}, json={
        "contract_id": contract, "kind": "first", "amount": amount, "method": "cash"})


def first(live: Live, contract: str) -> dict[str, Any]:
    plan = live.as_user("finance-a").get(f"/api/v1/contracts/{contract}/payment-plan").json()
    return next(i for i in plan["installments"] if i["kind"] == "first")


def test_F01_cashier_money_is_in_transit_until_finance_confirms_it(live: Live, signed: dict[str, Any]) -> None:
    contract = signed["contract"]
    taken = pay(live, "cashier-a", contract, "100.00", f"cash-{contract}")
    assert taken.status_code == 201 and taken.json()["status"] == "in_transit"
    assert (first(live, contract)["paid"], first(live, contract)["in_transit"]) == ("0.00", "100.00")
    finance = live.as_user("finance-a")
    moving = finance.get("/api/v1/payments", params={"store": "A", "status": "in_transit"}).json()["items"]
    assert taken.json()["id"] in [p["id"] for p in moving]
    day = finance.get("/api/v1/payments", params={"received_on": taken.json()["received_on"]}).json()["items"]
    assert taken.json()["id"] in [p["id"] for p in day]
    assert finance.post(f"/api/v1/payments/{taken.json()['id']}/confirm").status_code == 200
    assert (first(live, contract)["paid"], first(live, contract)["in_transit"]) == ("100.00", "0.00")


def test_F01_payment_list_is_scoped_and_checks_its_input(live: Live, signed: dict[str, Any]) -> None:
    contract = signed["contract"]
    pay(live, "finance-a", contract, "1.00", f"scoped-{contract}")
    assert live.as_user("finance-b").get("/api/v1/payments", params={"contract_id": contract}).status_code == 404
    assert live.as_user("hq@other").get("/api/v1/payments", params={"contract_id": contract}).status_code == 404
    assert live.as_user("finance-b").get("/api/v1/payments", params={"store": "A"}).json()["items"] == []
    finance = live.as_user("finance-a")
    for params in ({"status": "lost"}, {"received_on": "yesterday"}, {"received_on": "2025-02-30"},
                   {"store": "AB"}, {"limit": "-1"}, {"contract_id": "x" * 100}):
        res = finance.get("/api/v1/payments", params=params)
        assert res.status_code == 400, (params, res.text)


def notice_sign(live: Live, user: str, contract: str, kind: str = "midterm", **body: Any) -> Any:
    return live.as_user(user).post(f"/api/v1/contracts/{contract}/payment-notices/{kind}/sign",
                                   json={"customer_signature": SIGNATURE} | body)


def test_F03_the_midterm_notice_is_signed_only_once_issued(live: Live, signed: dict[str, Any]) -> None:
    contract = signed["contract"]
    midterm = next(i for i in signed["plan"]["installments"] if i["kind"] == "midterm")
    assert (midterm["amount"], midterm["notice"]) == (None, None)  # no settlement signed yet (F02)
    early = notice_sign(live, "finance-a", contract)
    assert early.status_code == 409 and early.json()["rule"] == "F03"
    refused = notice_sign(live, "designer-a", contract)
    assert refused.status_code == 403 and refused.json()["rule"] == "F03"
    assert notice_sign(live, "finance-b", contract).status_code == 404
    assert notice_sign(live, "hq@other", contract).status_code in (403, 404)
    assert notice_sign(live, "finance-a", "no-such-contract").status_code == 404
    for kind, body in (("first", {}), ("midterm", {"customer_signature": {"name": "王芳"}}),
                       ("midterm", {"customer_signature": "x"}), ("midterm", {"extra": 1})):
        res = notice_sign(live, "finance-a", contract, kind, **body)
        assert res.status_code == 400, (kind, body, res.text)


def test_F05_signing_statistics_of_a_past_day_on_demand(live: Live, signed: dict[str, Any]) -> None:
    from datetime import date, timedelta

    from shared.clock import local_today

    today = local_today()
    yesterday = (today - timedelta(days=1)).isoformat()
    gm = live.as_user("finance-a")
    answer = gm.get("/api/v1/statements/signings", params={"on": yesterday, "store": "A"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["kind"] == "signings" and body["contracts"] == len(body["lines"])
    again = gm.get("/api/v1/statements/signings", params={"on": yesterday})  # once: the same documents
    assert (again.json()["document_id"], again.json()["pdf_document_id"]) == (body["document_id"],
                                                                             body["pdf_document_id"])
    pdf = gm.get(f"/api/v1/documents/{body['pdf_document_id']}/content", follow_redirects=True)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    not_over = gm.get("/api/v1/statements/signings", params={"on": today.isoformat(), "store": "A"})
    assert not_over.status_code == 422 and not_over.json()["rule"] == "F05"
    assert live.as_user("designer-a").get("/api/v1/statements/signings",
                                          params={"on": yesterday}).status_code == 403
    assert live.as_user("finance-b").get("/api/v1/statements/signings",
                                         params={"on": yesterday, "store": "A"}).status_code == 404
    # Another tenant's store A is its own: none of this tenant's documents or contracts.
    other = live.as_user("hq@other")
    theirs = other.get("/api/v1/statements/signings", params={"on": yesterday, "store": "A"}).json()
    assert theirs["document_id"] != body["document_id"] and theirs["contracts"] == 0
    assert other.get(f"/api/v1/documents/{body['pdf_document_id']}/content").status_code == 404
    for params in ({"on": "x"}, {"on": "2025-02-30"}, {"on": yesterday, "store": "AB"}, {},
                   {"on": (date(9999, 12, 31)).isoformat(), "store": "A"}):
        res = gm.get("/api/v1/statements/signings", params=params)
        assert res.status_code in (400, 422), (params, res.text)
        assert res.status_code == 400 or res.json()["rule"] == "F05"
