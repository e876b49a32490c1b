"""Rule P01 through the API: another tenant's or another store's records answer 404 on every path."""

from __future__ import annotations

from typing import Any

import pytest

from tests.platforms import SIGNATURE, Journey, Live, eventually, visit_time


@pytest.fixture(scope="module")
def records(live: Live) -> dict[str, Any]:
    """One of everything in tenant demo, store A."""
    journey = Journey(live)
    lead = journey.lead()
    estimate = journey.designer.post(f"/api/v1/leads/{lead['id']}/estimates",
                                     json={"scope": "itemised", "items": [{"name": "刷墙", "amount": "800.00"}]})
    request = journey.designer.post(f"/api/v1/leads/{lead['id']}/measurement-requests",
                                    json={"requested_for": visit_time()})
    design = journey.designer.post(f"/api/v1/leads/{lead['id']}/designs",
                                   json={"floor_plan_document_id": journey.document("floor_plan")["id"],
                                         "budget_items": [{"name": "基础装修", "amount": "50000.00"}]})
    assert estimate.status_code == request.status_code == design.status_code == 201
    contract = journey.draft_contract()
    signed = journey.sign(contract["id"])
    assert signed.status_code == 200
    finance = live.as_user("finance-a")
    eventually(lambda: finance.get(f"/api/v1/contracts/{contract['id']}/payment-plan"),
               ok=lambda r: r.status_code == 200)
    payment = finance.post("/api/v1/payments", json={"contract_id": contract["id"], "kind": "first",
                                                     "amount": "100.00", "method": "cash"},
                           headers={"Idempotency-Key": f"pay-{contract['id']}"})
    assert payment.status_code == 201, payment.text
    project = eventually(lambda: journey.designer.get("/api/v1/projects", params={"contract_id": contract["id"]}),
                         ok=lambda r: bool(r.json()["items"])).json()["items"][0]
    return {"lead": lead["id"], "request": request.json()["id"], "design": design.json()["id"],
            "quote": contract["quote_id"], "contract": contract["id"], "payment": payment.json()["id"],
            "project": project["id"]}


READS = ["/api/v1/leads/{lead}", "/api/v1/designs/{design}", "/api/v1/quotes/{quote}",
         "/api/v1/contracts/{contract}", "/api/v1/contracts/{contract}/payment-plan", "/api/v1/projects/{project}"]
WRITES = [
    ("/api/v1/leads/{lead}/estimates", {"scope": "itemised", "items": [{"name": "x", "amount": "1.00"}]}),
    ("/api/v1/leads/{lead}/measurement-requests", {"requested_for": visit_time()}),
    ("/api/v1/measurement-requests/{request}/approve", {}),
    ("/api/v1/designs/{design}/confirm", {"customer_signature": SIGNATURE}),
    ("/api/v1/quotes/{quote}/issue", {}),
    ("/api/v1/contracts/{contract}/sign", {"customer_signature": SIGNATURE, "cost_notice_acknowledged": True}),
    ("/api/v1/projects/{project}/steps/windows/start", {}),
]


@pytest.mark.parametrize("intruder", ["designer-a@other", "designer-b"])
def test_P01_other_tenant_and_other_store_reads_answer_404(live: Live, records: dict[str, Any],
                                                          intruder: str) -> None:
    client = live.as_user(intruder)
    for path in READS:
        res = client.get(path.format(**records))
        assert res.status_code == 404, (intruder, path, res.status_code, res.text)
    listed = client.get("/api/v1/contracts").json()["items"]
    assert records["contract"] not in {c["id"] for c in listed}
    projects = client.get("/api/v1/projects", params={"contract_id": records["contract"]}).json()["items"]
    assert projects == []


def test_P01_other_tenant_writes_answer_404_and_change_nothing(live: Live, records: dict[str, Any]) -> None:
    client = live.as_user("designer-a@other")
    for path, body in WRITES:
        res = client.post(path.format(**records), json=body)
        # A designer's own actions find nothing (404); others are refused by role first (403),
        # which says nothing about whether the record exists.
        assert res.status_code in (403, 404), (path, res.status_code, res.text)
    payment = client.post("/api/v1/payments", json={"contract_id": records["contract"], "kind": "first",
                                                    "amount": "1.00", "method": "cash"})
    assert payment.status_code == 403 and payment.json()["rule"] == "F01"
    owner = live.as_user("designer-a")
    assert owner.get(f"/api/v1/contracts/{records['contract']}").json()["status"] == "signed"
    plan = live.as_user("finance-a").get(f"/api/v1/contracts/{records['contract']}/payment-plan").json()
    first = next(i for i in plan["installments"] if i["kind"] == "first")
    assert first["paid"] == "100.00"
