"""POST /api/v1/contracts/{id}/cancel: a draft the customer decided against (the worked example of
docs/architecture.md "add an endpoint"), with the refusals every endpoint owes."""

from __future__ import annotations

from tests.platforms import Journey, Live


def test_a_draft_contract_is_cancelled_and_then_never_signed(live: Live) -> None:
    journey = Journey(live)
    contract = journey.draft_contract()
    res = journey.designer.post(f"/api/v1/contracts/{contract['id']}/cancel", json={"reason": "客户选择了其他公司"})
    assert res.status_code == 200, res.text
    assert res.json()["status"] == "cancelled" and res.json()["number"] is None
    assert journey.designer.get(f"/api/v1/contracts/{contract['id']}").json()["status"] == "cancelled"
    signed = journey.sign(contract["id"])
    assert signed.status_code == 409 and signed.json()["field"] == "status"
    again = journey.designer.post(f"/api/v1/contracts/{contract['id']}/cancel", json={"reason": "再次取消"})
    assert again.status_code == 409


def test_a_signed_contract_cannot_be_cancelled(live: Live) -> None:
    journey = Journey(live)
    contract = journey.draft_contract()
    assert journey.sign(contract["id"]).status_code == 200
    res = journey.designer.post(f"/api/v1/contracts/{contract['id']}/cancel", json={"reason": "改主意了"})
    assert res.status_code == 409 and res.json()["field"] == "status"


def test_cancel_refuses_other_stores_tenants_roles_and_bad_input(live: Live) -> None:
    contract = Journey(live).draft_contract()
    path = f"/api/v1/contracts/{contract['id']}/cancel"
    body = {"reason": "客户放弃"}
    assert live.as_user("designer-b").post(path, json=body).status_code == 404  # another store
    assert live.as_user("designer-a@other").post(path, json=body).status_code == 404  # another tenant
    refused = live.as_user("finance-a").post(path, json=body)
    assert refused.status_code == 403 and refused.headers["content-type"].startswith("application/problem+json")
    designer = live.as_user("designer-a")
    for bad in ({}, {"reason": ""}, {"reason": "长" * 201}, {"reason": 5}, {"reason": "x", "extra": 1},
                {"reason": "x", "contract_id": "someone-else"}):
        res = designer.post(path, json=bad)
        assert res.status_code == 400, (bad, res.text)
    assert designer.post(path, content=b"[]", headers={"Content-Type": "application/json"}).status_code == 400
    assert designer.post("/api/v1/contracts/" + "x" * 300 + "/cancel", json=body).status_code in (400, 404)
    assert designer.get(f"/api/v1/contracts/{contract['id']}").json()["status"] == "draft", "nothing half-done"
