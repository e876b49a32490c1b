"""Tenant settings through the API, in both modes (decision 0036): HQ defaults, store overrides, what a
store effectively uses, and the rules reading them (F02 through a signed contract).

Every test works in its own tenant, so the demo tenant's rules are never changed under other tests.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from gateway.admin.commands import CreateTenant
from renoflow.tenants import operator_administration
from tests.e2e.test_tenant_admin import PASSWORD, bearer, new_user
from tests.platforms import Journey, Live, eventually


@pytest.fixture(scope="module")
def firm(live: Live) -> dict[str, Any]:
    """A tenant with stores A and B, its admin, a second admin, each store's manager and a designer."""
    assert live.settings is not None
    tenant = f"firm-{live.mode[:4]}-{uuid.uuid4().hex[:6]}"
    admin_name = f"boss-{tenant}"
    with operator_administration(live.settings) as admin:
        admin.create_tenant(CreateTenant.model_validate({
            "tenant_id": tenant, "name": "好家装饰", "admin_username": admin_name, "admin_password": PASSWORD,
            "stores": [{"code": "A", "name": "望京店"}, {"code": "B", "name": "国贸店"}]}))
    client = bearer(live, admin_name, PASSWORD)

    def user(**kw: Any) -> httpx.Client:
        made = new_user(client, **kw)
        return bearer(live, made["username"], made["password"])

    return {"tenant": tenant, "admin": client, "admin2": user(roles=["tenant_admin"], stores=[]),
            "manager_a": user(roles=["studio_manager"], stores=["A"]),
            "manager_b": user(roles=["studio_manager"], stores=["B"]),
            "designer_a": user(roles=["designer"], stores=["A"]), "finance_a": user(roles=["finance"], stores=["A"])}


def test_P06_a_new_tenant_uses_the_platform_defaults(live: Live, firm: dict[str, Any]) -> None:
    hq = firm["admin"].get("/api/v1/admin/settings")
    assert hq.status_code == 200, hq.text
    body = hq.json()
    assert body["company_name"] == "" and body["store_overridable"] == ["timezone"]
    assert set(body["defaults"].values()) == {None}
    assert body["store_may_override"]["repair_approval_tiers"] is False
    assert body["managed_elsewhere"] == {"work_calendar": "/api/v1/work-calendar",
                                         "quality_standard": "/api/v1/quality-standard"}
    mine = firm["designer_a"].get("/api/v1/settings")
    assert mine.status_code == 200, mine.text
    assert (mine.json()["store"], mine.json()["company_name"], mine.json()["store_name"]) == ("A", "好家装饰", "望京店")
    assert mine.json()["values"]["first_installment_ratio"] == "0.60"
    assert mine.json()["values"]["repair_approval_tiers"]["audit_above"] == "20000.00"
    assert mine.json()["sources"]["first_installment_ratio"] == "platform"


def test_P06_hq_defaults_stores_inherit_and_overrides_where_allowed(live: Live, firm: dict[str, Any]) -> None:
    admin = firm["admin"]
    put = admin.put("/api/v1/admin/settings", json={
        "company_name": "好家装饰工程有限公司", "store_overridable": ["timezone", "b_repair_charged_to"],
        "defaults": {"first_installment_ratio": "0.5", "midterm_payment_due_days": 5,
                     "repair_approval_tiers": {"aftercare_manager_up_to": "2000.00", "deputies_up_to": "15000.00",
                                               "audit_above": "30000.00"}}})
    assert put.status_code == 200, put.text
    assert put.json()["defaults"]["first_installment_ratio"] == "0.5"
    refused = admin.put("/api/v1/admin/stores/A/settings", json={"first_installment_ratio": "0.3"})
    assert refused.status_code == 422, refused.text
    assert (refused.json()["rule"], refused.json()["field"]) == ("P06", "first_installment_ratio")
    fixed = admin.put("/api/v1/admin/stores/A/settings", json={"repair_approval_tiers": {
        "aftercare_manager_up_to": "1.00", "deputies_up_to": "2.00", "audit_above": "3.00"}})
    assert fixed.status_code == 422 and fixed.json()["rule"] == "P06"
    store = admin.put("/api/v1/admin/stores/B/settings", json={"timezone": "Asia/Urumqi",
                                                               "b_repair_charged_to": "customer"})
    assert store.status_code == 200, store.text
    effective = store.json()["effective"]
    assert (effective["values"]["timezone"], effective["values"]["b_repair_charged_to"],
            effective["values"]["first_installment_ratio"]) == ("Asia/Urumqi", "customer", "0.5")
    assert (effective["sources"]["timezone"], effective["sources"]["b_repair_charged_to"]) == ("store", "store")
    stores = {s["code"]: s for s in admin.get("/api/v1/admin/stores").json()["items"]}
    assert stores["B"]["timezone"] == "Asia/Urumqi"  # the store's zone is the directory's
    mine = firm["manager_b"].get("/api/v1/settings").json()
    assert (mine["company_name"], mine["values"]["timezone"]) == ("好家装饰工程有限公司", "Asia/Urumqi")
    a = firm["designer_a"].get("/api/v1/settings").json()
    assert (a["values"]["b_repair_charged_to"], a["values"]["midterm_payment_due_days"]) == ("company", 5)


def test_F02_a_tenant_with_ratio_half_gets_half_the_total_as_first_installment(live: Live,
                                                                               firm: dict[str, Any]) -> None:
    hq = firm["admin"].get("/api/v1/admin/settings").json()
    put = firm["admin"].put("/api/v1/admin/settings", json={
        "company_name": hq["company_name"], "store_overridable": hq["store_overridable"],
        "defaults": {**{k: v for k, v in hq["defaults"].items() if v is not None}, "first_installment_ratio": "0.5"}})
    assert put.status_code == 200, put.text
    journey = Journey(live)
    journey.designer = firm["designer_a"]
    contract = journey.draft_contract()
    signed = journey.sign(contract["id"])
    assert signed.status_code == 200, signed.text
    plan = eventually(lambda: firm["finance_a"].get(f"/api/v1/contracts/{contract['id']}/payment-plan"),
                      ok=lambda r: r.status_code == 200)
    assert plan.status_code == 200, plan.text
    first = next(i for i in plan.json()["installments"] if i["kind"] == "first")
    assert plan.json()["first_installment_ratio"] == "0.5"
    assert first["amount"] == f"{(float(signed.json()['total']) / 2):.2f}"


def test_P01_another_tenant_and_another_stores_manager_get_404(live: Live, firm: dict[str, Any]) -> None:
    made = firm["admin"].post("/api/v1/admin/stores", json={"code": "K", "name": "只此一家"})
    assert made.status_code == 201, made.text
    demo_admin = live.as_user("tenant_admin")
    assert demo_admin.get("/api/v1/admin/stores/K/settings").status_code == 404
    assert demo_admin.put("/api/v1/admin/stores/K/settings", json={"timezone": "Asia/Urumqi"}).status_code == 404
    assert "好家装饰" not in demo_admin.get("/api/v1/admin/settings").text
    assert live.as_user("designer-a").get("/api/v1/settings", params={"store": "K"}).status_code == 404
    # Another store's manager learns nothing of store A; their own store they may read.
    assert firm["manager_b"].get("/api/v1/admin/stores/A/settings").status_code == 404
    assert firm["manager_b"].get("/api/v1/settings", params={"store": "A"}).status_code == 404
    own = firm["manager_b"].get("/api/v1/admin/stores/B/settings")
    assert own.status_code == 200 and own.json()["store"] == "B"
    assert firm["admin"].get("/api/v1/admin/stores/Z/settings").status_code == 404


@pytest.mark.parametrize("who", ["designer_a", "manager_a", "finance_a"])
def test_P01_roles_other_than_tenant_admin_get_403(live: Live, firm: dict[str, Any], who: str) -> None:
    client = firm[who]
    for method, path, body in (("GET", "/api/v1/admin/settings", None),
                               ("PUT", "/api/v1/admin/settings", {"company_name": "x"}),
                               ("PUT", "/api/v1/admin/stores/A/settings", {"timezone": "Asia/Urumqi"})):
        res = client.request(method, path, json=body)
        assert res.status_code == 403, (who, path, res.text)
    for role in ("hq", "general_manager"):
        assert live.as_user(role).put("/api/v1/admin/settings", json={}).status_code == 403
    if who != "manager_a":
        assert client.get("/api/v1/admin/stores/A/settings").status_code == 403
    assert client.get("/api/v1/settings").status_code == 200  # any staff reads what their store uses


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/api/v1/admin/settings", {"defaults": {"first_installment_ratio": "1.5"}}, "defaults.first_installment_ratio"),
    ("/api/v1/admin/settings", {"defaults": {"first_installment_ratio": "1"}}, "defaults.first_installment_ratio"),
    ("/api/v1/admin/settings", {"defaults": {"first_installment_ratio": 0.5}}, "defaults.first_installment_ratio"),
    ("/api/v1/admin/settings", {"defaults": {"first_installment_ratio": "-0.1"}}, "defaults.first_installment_ratio"),
    ("/api/v1/admin/settings", {"defaults": {"timezone": "Mars/Olympus"}}, "defaults.timezone"),
    ("/api/v1/admin/settings", {"defaults": {"final_payment_due_days": 100000}}, "defaults.final_payment_due_days"),
    ("/api/v1/admin/settings", {"defaults": {"b_repair_charged_to": "nobody"}}, "defaults.b_repair_charged_to"),
    ("/api/v1/admin/settings", {"defaults": {"repair_approval_tiers": {
        "aftercare_manager_up_to": "9000.00", "deputies_up_to": "1000.00", "audit_above": "20000.00"}}},
     "defaults.repair_approval_tiers"),
    ("/api/v1/admin/settings", {"defaults": {"repair_approval_tiers": {
        "aftercare_manager_up_to": "1e9", "deputies_up_to": "1000.00", "audit_above": "20000.00"}}},
     "defaults.repair_approval_tiers.aftercare_manager_up_to"),
    ("/api/v1/admin/settings", {"store_overridable": ["repair_approval_tiers"]}, "store_overridable"),
    ("/api/v1/admin/settings", {"store_overridable": ["nonsense"]}, "store_overridable"),
    ("/api/v1/admin/settings", {"company_name": "x" * 5000}, "company_name"),
    ("/api/v1/admin/settings", {"colour": "blue"}, "colour"),
    ("/api/v1/admin/settings", {"company_name": "a\u0000b"}, "company_name"),
    ("/api/v1/admin/stores/A/settings", {"timezone": "../../etc/passwd"}, "timezone"),
    ("/api/v1/admin/stores/A/settings", {"timezone": 8}, "timezone"),
    ("/api/v1/admin/stores/A/settings", {"first_installment_ratio": "NaN"}, "first_installment_ratio"),
])
def test_P05_malformed_and_absurd_settings_are_400_naming_the_field(live: Live, firm: dict[str, Any], path: str,
                                                                     body: dict[str, Any], field: str) -> None:
    before = firm["admin"].get("/api/v1/admin/settings").json()
    res = firm["admin"].put(path, json=body)
    assert res.status_code == 400, res.text
    assert res.headers["content-type"].startswith("application/problem+json")
    money = field.endswith(("_up_to", "audit_above"))  # a money amount is refused under F07
    assert res.json()["field"] == field and res.json()["rule"] == ("F07" if money else "P05")
    assert firm["admin"].get("/api/v1/admin/settings").json() == before  # nothing half-written


def test_P05_bodies_and_paths_that_are_not_settings_are_400(live: Live, firm: dict[str, Any]) -> None:
    admin = firm["admin"]
    for body in ([1, 2], "text", None):
        assert admin.put("/api/v1/admin/settings", json=body).status_code == 400
    assert admin.put("/api/v1/admin/stores/AA/settings", json={}).status_code in (400, 422)
    assert admin.get("/api/v1/admin/stores/a/settings").status_code in (400, 422)
    assert firm["designer_a"].get("/api/v1/settings", params={"store": "x" * 50}).status_code in (400, 422)


def test_P01_an_idempotency_key_replayed_by_another_admin_runs_afresh(live: Live, firm: dict[str, Any]) -> None:
    key = f"settings-{uuid.uuid4()}"
    body = {"company_name": "好家装饰", "defaults": {"final_payment_due_days": 4}}
    first = firm["admin"].put("/api/v1/admin/settings", json=body, headers={"Idempotency-Key": key})
    assert first.status_code == 200, first.text
    replay = firm["admin"].put("/api/v1/admin/settings", json=body, headers={"Idempotency-Key": key})
    assert replay.json() == first.json()  # the same answer, no new version
    changed = firm["admin"].put("/api/v1/admin/settings", json={**body, "company_name": "别家"},
                                headers={"Idempotency-Key": key})
    assert changed.status_code == 409 and changed.json()["field"] == "Idempotency-Key"
    theirs = firm["admin2"].put("/api/v1/admin/settings", json=body, headers={"Idempotency-Key": key})
    assert theirs.status_code == 200, theirs.text
    assert theirs.json()["version"] > first.json()["version"]  # run afresh, not the first caller's answer
    store_key = f"store-settings-{uuid.uuid4()}"
    mine = firm["admin"].put("/api/v1/admin/stores/A/settings", json={"timezone": "Asia/Shanghai"},
                             headers={"Idempotency-Key": store_key})
    other = firm["admin2"].put("/api/v1/admin/stores/A/settings", json={"timezone": "Asia/Shanghai"},
                               headers={"Idempotency-Key": store_key})
    assert mine.status_code == other.status_code == 200
    assert other.json()["effective"]["version"] > mine.json()["effective"]["version"]
