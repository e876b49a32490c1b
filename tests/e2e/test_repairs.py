"""Repairs through the API, in both modes (A04, A05): the order's steps with working-day deadlines,
cost approvals by amount (403 rule A05 for any other role), and the matrix of every endpoint."""

from __future__ import annotations

from typing import Any

import pytest

from tests.platforms import SIGNATURE, Journey, Live, eventually


@pytest.fixture(scope="module")
def contract(live: Live) -> str:
    journey = Journey(live)
    drafted = journey.draft_contract()
    assert journey.sign(drafted["id"]).status_code == 200
    eventually(lambda: live.as_user("aftercare-a").get(f"/api/v1/customer-archive/{drafted['id']}"),
               ok=lambda r: r.status_code == 200)
    return str(drafted["id"])


def record(live: Live, contract: str, user: str = "aftercare-a", **fields: Any) -> Any:
    return live.as_user(user).post("/api/v1/repairs", json={"contract_id": contract, "item": "卫生间给水管",
                                                             "fault": "接头渗水", "urgent": True} | fields)


def test_A04_A05_a_repair_from_record_to_callback_with_approved_costs(live: Live, contract: str) -> None:
    aftercare = live.as_user("aftercare-a")
    repair = record(live, contract)
    assert repair.status_code == 201, repair.text
    body = repair.json()
    assert (body["class"], body["status"], body["urgent"]) == ("B", "recorded", True)  # no warranty card yet
    assert body["survey_due_by"] and body["due_by"] is None
    rid = body["id"]
    early = aftercare.post(f"/api/v1/repairs/{rid}/dispatch", json={"crew": "张工班组"})
    assert early.status_code == 409 and early.json()["rule"] == "A04"
    surveyed = aftercare.post(f"/api/v1/repairs/{rid}/survey", json={"responsibility": "crew", "multi_trade": False})
    assert surveyed.status_code == 200 and surveyed.json()["due_by"]
    assert aftercare.post(f"/api/v1/repairs/{rid}/dispatch", json={"crew": "张工班组"}).status_code == 200
    listed = aftercare.get("/api/v1/repairs/not-returned").json()["items"]
    assert isinstance(listed, list)
    cost = aftercare.post(f"/api/v1/repairs/{rid}/costs", json={"amount": "5000.00", "description": "换管"})
    assert cost.status_code == 201 and cost.json()["approver_roles"] == ["deputy_chief_engineer",
                                                                          "deputy_general_manager"]
    approve = f"/api/v1/repairs/{rid}/costs/{cost.json()['id']}/approve"
    for wrong in ("aftercare_manager-a", "general_manager", "aftercare-a"):
        refused = live.as_user(wrong).post(approve)
        assert refused.status_code == 403 and refused.json()["rule"] == "A05", wrong
    assert live.as_user("deputy_chief_engineer").post(approve).json()["approved"] is False
    done = live.as_user("deputy_general_manager").post(approve).json()
    assert (done["approved"], done["charged_to"]) == (True, "company")
    completed = aftercare.post(f"/api/v1/repairs/{rid}/complete", json={"customer_signature": SIGNATURE})
    assert completed.status_code == 200 and completed.json()["callback_due_by"]
    back = aftercare.post(f"/api/v1/repairs/{rid}/callback", json={"note": "已修好", "satisfied": True})
    assert back.status_code == 200 and back.json()["status"] == "called_back"


def test_A04_repairs_are_nobody_elses(live: Live, contract: str) -> None:
    rid = record(live, contract).json()["id"]
    for user in ("aftercare-b", "designer-a@other"):
        client = live.as_user(user)
        assert client.get(f"/api/v1/repairs/{rid}").status_code in (403, 404)
        assert client.post(f"/api/v1/repairs/{rid}/survey", json={"responsibility": "crew"}).status_code in (403, 404)
    assert live.as_user("aftercare-b").get(f"/api/v1/repairs/{rid}").status_code == 404
    assert record(live, contract, "aftercare-b").status_code == 404
    assert live.as_user("aftercare-b").get("/api/v1/repairs", params={"contract_id": contract}).json()["items"] == []
    refused = record(live, contract, "designer-a")
    assert refused.status_code == 403 and refused.json()["rule"] == "A04"
    assert live.as_user("designer-a").get(f"/api/v1/warranties?contract_id={contract}").status_code in (200, 403)


def test_A04_repairs_refuse_malformed_input(live: Live, contract: str) -> None:
    for bad in ({"item": ""}, {"urgent": "maybe"}, {"scope": "roof"}, {"contract_id": "x" * 40}, {"extra": 1},
                {"phone": "call me"}):
        res = record(live, contract, **bad)
        assert res.status_code == 400, (bad, res.text)
    aftercare = live.as_user("aftercare-a")
    rid = record(live, contract).json()["id"]
    for path, body in ((f"/api/v1/repairs/{rid}/survey", {"responsibility": "gods"}),
                       (f"/api/v1/repairs/{rid}/costs", {"amount": 12.5}),
                       (f"/api/v1/repairs/{rid}/extend", {"due_on": "soon"})):
        assert aftercare.post(path, json=body).status_code == 400, path
    for params in ({"status": "lost"}, {"cursor": "nonsense"}, {"limit": "0"}):
        assert aftercare.get("/api/v1/repairs", params=params).status_code == 400, params
    calendar = live.as_user("tenant_admin").put("/api/v1/work-calendar", json={
        "first_day": "2026-10-01", "last_day": "2026-10-07", "days": [{"day": "2026-10-01", "name": "国庆"}]})
    assert calendar.status_code == 200 and calendar.json()["days"][0]["day"] == "2026-10-01"
    assert live.as_user("aftercare-a").put("/api/v1/work-calendar", json={
        "first_day": "2026-10-01", "last_day": "2026-10-07", "days": []}).status_code == 403
    assert live.as_user("tenant_admin").put("/api/v1/work-calendar", json={
        "first_day": "2026-10-07", "last_day": "2026-10-01", "days": []}).status_code == 400


def test_A01_no_warranty_card_before_acceptance_and_final_payment(live: Live, contract: str) -> None:
    cards = live.as_user("aftercare-a").get("/api/v1/warranties", params={"contract_id": contract})
    assert cards.status_code == 200 and cards.json() == {"items": []}
    assert live.as_user("aftercare-b").get("/api/v1/warranties", params={"contract_id": contract}).status_code == 404
    assert live.as_user("hq@other").get("/api/v1/warranties", params={"contract_id": contract}).status_code == 404
    assert live.as_user("aftercare-a").get("/api/v1/warranties", params={"contract_id": "x" * 40}).status_code == 400
