"""The first vertical slice end to end through the gateway, as the roles who do each step."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from zoneinfo import ZoneInfo

from tests.platforms import ATTACHMENTS, Journey, Live, eventually


def test_C01_C05_C04_F02_K01_F01_F07_lead_to_first_payment(live: Live) -> None:
    journey = Journey(live)
    catalogue = journey.designer.get("/api/v1/catalogue")
    assert catalogue.status_code == 200 and {"code", "unit_price", "trade"} <= set(catalogue.json()["items"][0])

    # C01: one attachment missing
    contract = journey.draft_contract(attach=ATTACHMENTS[:-1])
    refused = journey.sign(contract["id"])
    assert refused.status_code == 422 and refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["rule"] == "C01"
    doc = journey.document()
    journey.designer.post(f"/api/v1/contracts/{contract['id']}/attachments",
                          json={"kind": ATTACHMENTS[-1], "document_id": doc["id"]})

    # C05: the cost notice not acknowledged
    refused = journey.sign(contract["id"], cost_notice_acknowledged=False)
    assert refused.status_code == 422 and refused.json()["rule"] == "C05"
    assert refused.json()["field"] == "cost_notice_acknowledged"

    # C04: signed with the store's number of its local day, the next one gets the next number
    signed = journey.sign(contract["id"])
    assert signed.status_code == 200, signed.text
    number = signed.json()["number"]
    today = datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%y%m%d")
    assert number.startswith(f"A{today}") and len(number) == 9
    second = journey.sign(journey.draft_contract()["id"]).json()["number"]
    assert int(second[-2:]) == int(number[-2:]) + 1 and second[:-2] == number[:-2]

    # F02: the payment plan with the first installment due today; K01: the project is open
    finance = live.as_user("finance-a")
    plan = eventually(lambda: finance.get(f"/api/v1/contracts/{contract['id']}/payment-plan"),
                      ok=lambda r: r.status_code == 200)
    assert plan.status_code == 200, plan.text
    first = next(i for i in plan.json()["installments"] if i["kind"] == "first")
    assert first["status"] == "due" and first["due_on"] == signed.json()["signed_on"]
    projects = eventually(lambda: journey.designer.get("/api/v1/projects", params={"contract_id": contract["id"]}),
                          ok=lambda r: r.status_code == 200 and bool(r.json()["items"]))
    assert projects.status_code == 200 and len(projects.json()["items"]) == 1
    assert projects.json()["items"][0]["number"] == number

    # F01: a designer may not take money
    payment = {"contract_id": contract["id"], "kind": "first", "amount": "1000.00", "method": "bank_transfer"}
    refused = journey.designer.post("/api/v1/payments", json=payment)
    assert refused.status_code == 403 and refused.json()["rule"] == "F01"

    # F07: a replayed Idempotency-Key records the payment once
    headers = {"Idempotency-Key": f"pay-{contract['id']}"}
    one = finance.post("/api/v1/payments", json=payment, headers=headers)
    two = finance.post("/api/v1/payments", json=payment, headers=headers)
    assert one.status_code == 201 and two.status_code in (200, 201), two.text
    assert one.json()["id"] == two.json()["id"]
    changed = finance.post("/api/v1/payments", json={**payment, "amount": "2000.00"}, headers=headers)
    assert changed.status_code == 409 and changed.json()["field"] == "Idempotency-Key"
    listed = finance.get("/api/v1/payments", params={"contract_id": contract["id"]}).json()
    assert len(listed["items"]) == 1 and listed["items"][0]["amount"] == "1000.00"


def test_P01_another_tenant_reading_the_contract_gets_404(live: Live) -> None:
    contract = Journey(live).draft_contract()
    intruder = live.as_user("designer-a@other")
    res = intruder.get(f"/api/v1/contracts/{contract['id']}")
    assert res.status_code == 404 and res.headers["content-type"].startswith("application/problem+json")
    assert intruder.get(f"/api/v1/contracts/{contract['id']}/payment-plan").status_code == 404
    assert intruder.get("/api/v1/contracts").json()["items"] == []
    assert live.as_user("designer-b").get(f"/api/v1/contracts/{contract['id']}").status_code == 404
    assert live.as_user("hq").get(f"/api/v1/contracts/{contract['id']}").status_code == 200


def test_C04_thirty_contracts_signed_concurrently_get_consecutive_numbers(live: Live) -> None:
    journey = Journey(live, store="B", designer="designer-b")
    contracts = [journey.draft_contract()["id"] for _ in range(30)]
    with ThreadPoolExecutor(max_workers=30) as pool:
        answers = list(pool.map(journey.sign, contracts))
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers if a.status_code != 200]
    sequences = sorted(int(a.json()["number"][-2:]) for a in answers)
    assert len(set(sequences)) == 30 and sequences == list(range(sequences[0], sequences[0] + 30))


def test_unauthenticated_and_malformed_requests_answer_problems(live: Live) -> None:
    import httpx

    anonymous = httpx.get(f"{live.base_url}/api/v1/contracts")
    assert anonymous.status_code == 401 and anonymous.json()["status"] == 401
    bad = live.as_user("designer-a").post("/api/v1/quotes", json={"lead_id": "x", "items": "lots"})
    assert bad.status_code == 400 and bad.json()["field"] == "items"


def test_health_and_openapi(live: Live) -> None:
    import httpx

    assert httpx.get(f"{live.base_url}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{live.base_url}/readyz")
    assert ready.status_code == 200 and all(ready.json()["checks"].values())
    paths = httpx.get(f"{live.base_url}/openapi.json").json()["paths"]
    for path in ("/api/v1/leads", "/api/v1/contracts/{contract_id}/sign", "/api/v1/payments",
                 "/api/v1/contracts/{contract_id}/payment-plan", "/api/v1/projects"):
        assert path in paths


def test_P01_documents_download_for_their_tenant_only(live: Live) -> None:
    journey = Journey(live)
    doc = journey.document("drawings")
    meta = journey.designer.get(f"/api/v1/documents/{doc['id']}")
    assert meta.status_code == 200 and meta.json()["sha256"] == doc["sha256"]
    content = journey.designer.get(f"/api/v1/documents/{doc['id']}/content")
    assert content.status_code == 200 and content.content == b"%PDF-1.4 attachment"
    assert "attachment" in content.headers["content-disposition"]
    assert live.as_user("designer-a@other").get(f"/api/v1/documents/{doc['id']}/content").status_code == 404


def test_me_shows_the_platform_view_of_the_caller(live: Live) -> None:
    designer = live.as_user("designer-a").get("/api/v1/me").json()
    assert (designer["tenant_id"], designer["roles"], designer["stores"]) == ("demo", ["designer"], ["A"])
    hq = live.as_user("hq").get("/api/v1/me").json()
    assert hq["tenant_wide"] is True and hq["stores"] == ["A", "B"]
    other = live.as_user("designer-a@other").get("/api/v1/me").json()
    assert other["tenant_id"] == "other"


def test_C07_the_signed_contract_shows_on_its_lead(live: Live) -> None:
    journey = Journey(live)
    contract = journey.draft_contract()
    assert journey.sign(contract["id"]).status_code == 200
    lead = eventually(lambda: journey.designer.get(f"/api/v1/leads/{contract['lead_id']}"),
                      ok=lambda r: r.json().get("status") == "contracted")
    assert lead.json()["status"] == "contracted", lead.text
