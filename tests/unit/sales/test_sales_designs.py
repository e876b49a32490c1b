"""Floor plan and preliminary budget versions until the customer confirms one (流程05–06): rule S07."""

from __future__ import annotations

import pytest

from shared.errors import Conflict, InvalidInput, NotFound

from .conftest import SIGNATURE, Studio, staff

BUDGET = [{"name": "基础装修", "amount": "86000.00"}, {"name": "主材", "amount": "42000.50"}]


def draft(studio: Studio, lead_id: str, doc: str = "doc-plan-1") -> dict:
    return studio.call("draft_design", staff("designer"), lead_id=lead_id, floor_plan_document_id=doc,
                       budget_items=BUDGET)


def confirm(studio: Studio, design_id: str, key: str | None = None) -> dict:
    return studio.call("confirm_design", staff("designer"), key=key, design_id=design_id,
                       customer_signature=SIGNATURE)


def test_S07_each_revision_is_a_new_version_and_old_ones_are_kept(studio: Studio) -> None:
    lead = studio.lead()
    versions = [draft(studio, lead["id"], f"doc-{n}") for n in range(3)]
    assert [v["version"] for v in versions] == [1, 2, 3]
    assert versions[0]["total"] == "128000.50" and versions[0]["status"] == "draft"
    kept = studio.call("get_lead", staff("designer"), lead_id=lead["id"])["designs"]
    assert [(d["version"], d["floor_plan_document_id"]) for d in kept] == [
        (1, "doc-0"), (2, "doc-1"), (3, "doc-2")]


def test_S07_customer_confirms_one_version_only(studio: Studio) -> None:
    lead = studio.lead()
    first, second = draft(studio, lead["id"]), draft(studio, lead["id"])
    confirmed = confirm(studio, second["id"])
    assert confirmed["status"] == "confirmed"
    assert confirmed["customer_signature"] == {"name": "王芳", "role": "customer"}
    with pytest.raises(Conflict) as twice:
        confirm(studio, second["id"])
    with pytest.raises(Conflict) as other:
        confirm(studio, first["id"])
    assert twice.value.rule == other.value.rule == "S07"
    with pytest.raises(Conflict):
        draft(studio, lead["id"])
    answer = studio.call("get_lead", staff("designer"), lead_id=lead["id"])
    assert (answer["status"], answer["confirmed_design_version"]) == ("design_confirmed", 2)


def test_S07_design_confirmed_event_and_idempotent_replay(studio: Studio) -> None:
    design = draft(studio, studio.lead()["id"])
    first = confirm(studio, design["id"], key="sig-1")
    assert confirm(studio, design["id"], key="sig-1") == first
    [event] = studio.events("design_confirmed")
    assert (event["design_id"], event["version_number"], event["total"]) == (design["id"], 1, "128000.50")
    assert event["designer"] == "designer-a" and event["floor_plan_document_id"] == "doc-plan-1"


def test_S07_confirmation_needs_the_customer_signature_image(studio: Studio) -> None:
    design = draft(studio, studio.lead()["id"])
    with pytest.raises(InvalidInput) as err:
        studio.call("confirm_design", staff("designer"), design_id=design["id"],
                    customer_signature={"name": "王芳", "image": "hello"})
    assert err.value.field == "customer_signature.image"


def test_design_of_another_tenant_or_store_is_not_found(studio: Studio) -> None:
    design = draft(studio, studio.lead()["id"])
    with pytest.raises(NotFound):
        studio.call("get_design", staff("designer", tenant="other"), design_id=design["id"])
    with pytest.raises(NotFound):
        studio.call("confirm_design", staff("designer", "B"), design_id=design["id"], customer_signature=SIGNATURE)
