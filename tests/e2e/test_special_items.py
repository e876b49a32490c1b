"""C02: special items of a quote wait for the studio manager's approval (POST …/special-items/{line}/approve)."""

from __future__ import annotations

from typing import Any

from tests.platforms import Journey, Live, eventually

SPECIAL = {"name": "定制玄关柜", "unit": "项", "unit_price": "3800.00", "quantity": "1"}


def quote_with_special_item(journey: Journey) -> dict[str, Any]:
    lead = journey.lead()
    res = eventually(lambda: journey.designer.post("/api/v1/quotes", json={
        "lead_id": lead["id"], "items": [{"catalogue_code": "PAINT-01", "quantity": "100"}],
        "special_items": [SPECIAL]}), ok=lambda r: r.status_code != 404)
    assert res.status_code == 201, res.text
    return res.json()


def test_C02_studio_manager_approves_a_special_item(live: Live) -> None:
    quote = quote_with_special_item(Journey(live))
    path = f"/api/v1/quotes/{quote['id']}/special-items/2/approve"
    manager = live.as_user("studio_manager-a")
    res = manager.post(path)
    assert res.status_code == 200, res.text
    assert [ln["approval"] for ln in res.json()["items"]] == ["not_needed", "approved"]
    again = manager.post(path)
    assert again.status_code == 409 and again.json()["rule"] == "C02"
    catalogue_line = manager.post(f"/api/v1/quotes/{quote['id']}/special-items/1/approve")
    assert catalogue_line.status_code == 409 and catalogue_line.json()["field"] == "line"


def test_C02_approval_refuses_other_stores_tenants_roles_and_bad_lines(live: Live) -> None:
    quote = quote_with_special_item(Journey(live))
    path = f"/api/v1/quotes/{quote['id']}/special-items/2/approve"
    assert live.as_user("studio_manager-b").post(path).status_code == 404  # another store
    assert live.as_user("designer-a@other").post(path).status_code == 404  # another tenant
    refused = live.as_user("designer-a").post(path)
    assert refused.status_code == 403 and refused.json()["rule"] == "C02"
    manager = live.as_user("studio_manager-a")
    for line in ("abc", "0", "-1", "1e3", "99999999999999999999"):
        res = manager.post(f"/api/v1/quotes/{quote['id']}/special-items/{line}/approve")
        assert res.status_code == 400 and res.json()["field"] == "line", (line, res.text)
    assert manager.post(f"/api/v1/quotes/{quote['id']}/special-items/9/approve").status_code == 404
    assert manager.post("/api/v1/quotes/nope/special-items/2/approve").status_code == 404
    lines = manager.get(f"/api/v1/quotes/{quote['id']}").json()["items"]
    assert lines[1]["approval"] == "pending", "every refusal left the item as it was"


def test_C02_the_contract_signs_only_once_its_special_items_are_approved(live: Live) -> None:
    journey = Journey(live)
    contract = journey.draft_contract(special_items=[SPECIAL])
    refused = journey.sign(contract["id"])
    assert refused.status_code == 422 and refused.json()["rule"] == "C02", refused.text
    approved = live.as_user("studio_manager-a").post(f"/api/v1/quotes/{contract['quote_id']}/special-items/3/approve")
    assert approved.status_code == 200, approved.text
    assert journey.sign(contract["id"]).status_code == 200
