"""C03 / Q09 in quotes through the API: structural items refused with the field, an insulation wall
only with a permit document of the lead's store (POST /api/v1/quotes)."""

from __future__ import annotations

from typing import Any

from tests.platforms import Journey, Live, eventually


def post_quote(journey: Journey, lead: dict[str, Any], **body: Any) -> Any:
    return eventually(lambda: journey.designer.post("/api/v1/quotes", json={
        "lead_id": lead["id"], "items": [{"catalogue_code": "PAINT-01", "quantity": "10"}], **body}),
        ok=lambda r: r.status_code != 404)


def test_C03_Q09_a_quote_touching_load_bearing_walls_or_gas_pipes_is_refused(live: Live) -> None:
    journey = Journey(live)
    lead = journey.lead()
    res = post_quote(journey, lead, items=[{"catalogue_code": "PAINT-01", "quantity": "10"},
                                           {"catalogue_code": "DEMO-01", "quantity": "2",
                                            "structure": "load_bearing_wall"}])
    assert res.status_code == 422, res.text
    assert (res.json()["rule"], res.json()["field"]) == ("C03", "items.1.structure")
    assert "承重墙" in res.json()["detail"]
    res = post_quote(journey, lead, special_items=[{"name": "燃气管改线", "unit": "m", "unit_price": "120.00",
                                                    "quantity": "3", "structure": "gas_pipes"}])
    assert (res.status_code, res.json()["rule"], res.json()["field"]) == (422, "C03", "special_items.0.structure")
    res = post_quote(journey, lead, special_items=[{"name": "扩大窗洞", "unit": "处", "unit_price": "900.00",
                                                    "quantity": "1", "structure": "door_window_opening"}])
    assert (res.status_code, res.json()["rule"]) == (422, "C03")
    unknown = post_quote(journey, lead, items=[{"catalogue_code": "PAINT-01", "quantity": "1",
                                                "structure": "the_roof"}])
    assert unknown.status_code in (400, 422) and unknown.json()["field"] == "items.0.structure", unknown.text
    listed = journey.designer.get("/api/v1/quotes", params={"store": "A"}).json()["items"]
    assert lead["id"] not in [q["lead_id"] for q in listed], "a refused quote leaves nothing behind"


def test_C03_an_insulation_wall_is_quoted_only_with_the_customers_permit(live: Live) -> None:
    journey = Journey(live)
    lead = journey.lead()
    wall = {"name": "拆改保温墙", "unit": "m²", "unit_price": "90.00", "quantity": "4", "structure": "insulation_wall"}
    res = post_quote(journey, lead, special_items=[wall])
    assert (res.status_code, res.json()["rule"], res.json()["field"]) == (
        422, "C03", "special_items.0.permit_document_id"), res.text
    other_store = Journey(live, store="B", designer="designer-b").document(kind="permit", store="B")
    for bogus in ("no-such-document", other_store["id"]):
        res = post_quote(journey, lead, special_items=[{**wall, "permit_document_id": bogus}])
        assert (res.status_code, res.json()["field"]) == (422, "special_items.0.permit_document_id"), res.text
    permit = journey.document(kind="permit", lead_id=lead["id"])
    res = post_quote(journey, lead, special_items=[{**wall, "permit_document_id": permit["id"]}])
    assert res.status_code == 201, res.text
    line = res.json()["items"][-1]
    assert (line["structure"], line["permit_document_id"]) == ("insulation_wall", permit["id"])


def test_C08_a_quote_charging_for_the_design_is_refused(live: Live) -> None:
    journey = Journey(live)
    res = post_quote(journey, journey.lead(), special_items=[
        {"name": "全屋设计费", "unit": "m²", "unit_price": "60.00", "quantity": "90"}])
    assert (res.status_code, res.json()["rule"], res.json()["field"]) == (422, "C08", "special_items.0.name"), res.text
