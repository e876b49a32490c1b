"""Tenant administration through the API (api.md), in both modes: stores, staff, disable, reset (P01, P05).

A tenant admin acts inside their own tenant only: ``demo``'s admin asking about an ``other`` user
gets 404, any other role 403, bad input 400 naming the field, never 500.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from gateway.admin.commands import CreateTenant
from renoflow.tenants import operator_administration
from tests.platforms import Live

PASSWORD = "correct horse battery staple"


def sign_in(live: Live, username: str, password: str) -> httpx.Response:
    return httpx.post(f"{live.base_url}/realms/renoflow/protocol/openid-connect/token", data={
        "grant_type": "password", "client_id": "renoflow-web", "username": username, "password": password})


def bearer(live: Live, username: str, password: str) -> httpx.Client:
    res = sign_in(live, username, password)
    assert res.status_code == 200, res.text
    return httpx.Client(base_url=live.base_url, timeout=30,
                        headers={"Authorization": f"Bearer {res.json()['access_token']}"})


@pytest.fixture(scope="module")
def acme(live: Live) -> dict[str, Any]:
    """A tenant onboarded by the operator (``renoflow tenants create``'s code path), with its admin."""
    assert live.settings is not None
    tenant = f"acme-{live.mode[:4]}-{uuid.uuid4().hex[:6]}"
    admin_name = f"boss-{tenant}"
    with operator_administration(live.settings) as admin:
        admin.create_tenant(CreateTenant.model_validate({
            "tenant_id": tenant, "name": "顶好装饰", "stores": [{"code": "A", "name": "顶好 A 设计室"}],
            "admin_username": admin_name, "admin_password": PASSWORD}))
    return {"tenant": tenant, "admin": admin_name, "client": bearer(live, admin_name, PASSWORD)}


def new_user(admin: httpx.Client, **overrides: Any) -> dict[str, Any]:
    body = {"username": f"u{uuid.uuid4().hex[:10]}", "password": PASSWORD, "roles": ["designer"],
            "stores": ["A"], **overrides}
    res = admin.post("/api/v1/admin/users", json=body)
    assert res.status_code == 201, res.text
    return {**res.json(), "password": body["password"]}


def test_the_first_tenant_admin_signs_in_and_sees_their_tenant(live: Live, acme: dict[str, Any]) -> None:
    me = acme["client"].get("/api/v1/me").json()
    assert (me["tenant_id"], me["roles"], me["stores"]) == (acme["tenant"], ["tenant_admin"], ["A"])


def test_p01_a_user_created_through_the_api_signs_in_at_once(live: Live, acme: dict[str, Any]) -> None:
    user = new_user(acme["client"], roles=["designer", "studio_manager"])
    assert user["roles"] == ["designer", "studio_manager"] and user["enabled"] is True
    me = bearer(live, user["username"], user["password"]).get("/api/v1/me")
    assert me.status_code == 200, me.text
    assert (me.json()["tenant_id"], me.json()["roles"], me.json()["stores"]) == (
        acme["tenant"], ["designer", "studio_manager"], ["A"])
    listed = acme["client"].get("/api/v1/admin/users").json()["items"]
    assert {u["username"] for u in listed} >= {acme["admin"], user["username"]}
    assert "password" not in str(listed)


def test_a_new_store_takes_staff(live: Live, acme: dict[str, Any]) -> None:
    res = acme["client"].post("/api/v1/admin/stores", json={"code": "B", "name": "顶好 B 设计室",
                                                           "timezone": "Asia/Urumqi"})
    assert res.status_code == 201, res.text
    assert res.json() == {"code": "B", "name": "顶好 B 设计室", "timezone": "Asia/Urumqi"}
    again = acme["client"].post("/api/v1/admin/stores", json={"code": "B", "name": "again"})
    assert again.status_code == 409
    user = new_user(acme["client"], stores=["B"])
    me = bearer(live, user["username"], user["password"]).get("/api/v1/me").json()
    assert me["stores"] == ["B"]


def test_disable_refuses_sign_in_and_reset_password_replaces_it(live: Live, acme: dict[str, Any]) -> None:
    user = new_user(acme["client"])
    reset = acme["client"].post(f"/api/v1/admin/users/{user['username']}/reset-password",
                                json={"password": "an entirely new passphrase"})
    assert reset.status_code == 200, reset.text
    assert sign_in(live, user["username"], user["password"]).status_code == 401
    assert sign_in(live, user["username"], "an entirely new passphrase").status_code == 200
    disabled = acme["client"].post(f"/api/v1/admin/users/{user['username']}/disable")
    assert disabled.status_code == 200 and disabled.json()["enabled"] is False
    refused = sign_in(live, user["username"], "an entirely new passphrase")
    assert refused.status_code == 400 and refused.json()["error_description"] == "Account disabled"
    listed = {u["username"]: u for u in acme["client"].get("/api/v1/admin/users").json()["items"]}
    assert listed[user["username"]]["enabled"] is False


def test_p01_another_tenants_admin_gets_404(live: Live, acme: dict[str, Any]) -> None:
    demo_admin = live.as_user("tenant_admin")
    for path, body in (("disable", None), ("reset-password", {"password": "an entirely new passphrase"})):
        res = demo_admin.post(f"/api/v1/admin/users/{acme['admin']}/{path}", json=body)
        assert res.status_code == 404, res.text
        res = acme["client"].post(f"/api/v1/admin/users/designer-a/{path}", json=body)
        assert res.status_code == 404, res.text
    assert acme["admin"] not in str(demo_admin.get("/api/v1/admin/users").json())
    assert "designer-a@other" not in str(demo_admin.get("/api/v1/admin/users").json())
    assert sign_in(live, acme["admin"], PASSWORD).status_code == 200  # untouched


@pytest.mark.parametrize("role", ["designer-a", "hq", "general_manager", "studio_manager-a"])
def test_p01_roles_other_than_tenant_admin_get_403(live: Live, role: str) -> None:
    client = live.as_user(role)
    body = {"username": "nobody-x", "password": PASSWORD, "roles": ["designer"], "stores": ["A"]}
    for method, path, payload in (
            ("POST", "/api/v1/admin/stores", {"code": "Q", "name": "Q"}), ("GET", "/api/v1/admin/stores", None),
            ("POST", "/api/v1/admin/users", body), ("GET", "/api/v1/admin/users", None),
            ("POST", "/api/v1/admin/users/designer-b/disable", None),
            ("POST", "/api/v1/admin/users/designer-b/reset-password", {"password": PASSWORD}),
            ("GET", "/api/v1/admin/export", None)):
        res = client.request(method, path, json=payload)
        assert res.status_code == 403, (path, res.text)
    assert sign_in(live, "designer-b", "demo").status_code == 200


@pytest.mark.parametrize(("body", "field"), [
    ({"password": PASSWORD, "roles": ["designer"], "stores": ["A"]}, "username"),
    ({"username": "ok-name", "password": "short", "roles": ["designer"], "stores": ["A"]}, "password"),
    ({"username": "ok-name", "password": "x" * 129, "roles": ["designer"], "stores": ["A"]}, "password"),
    ({"username": "ok-name", "password": "ok-name is my password", "roles": ["designer"], "stores": ["A"]},
     "password"),
    ({"username": "ok-name", "password": PASSWORD, "roles": ["emperor"], "stores": ["A"]}, "roles"),
    ({"username": "ok-name", "password": PASSWORD, "roles": [], "stores": ["A"]}, "roles"),
    ({"username": "ok-name", "password": PASSWORD, "roles": ["designer"], "stores": ["Z"]}, "stores"),
    ({"username": "ok-name", "password": PASSWORD, "roles": ["designer"], "stores": []}, "stores"),
    ({"username": "ok-name", "password": PASSWORD, "roles": ["designer"], "stores": ["AA"]}, "stores.0"),
    ({"username": "Bad Name!", "password": PASSWORD, "roles": ["designer"], "stores": ["A"]}, "username"),
    ({"username": "a" * 500, "password": PASSWORD, "roles": ["designer"], "stores": ["A"]}, "username"),
    ({"username": "ok-name", "password": PASSWORD, "roles": "designer", "stores": ["A"]}, "roles"),
    ({"username": "ok-name", "password": PASSWORD, "roles": ["designer"], "stores": ["A"], "admin": True}, "admin"),
])
def test_p05_bad_users_are_400_naming_the_field(live: Live, acme: dict[str, Any], body: dict[str, Any],
                                                 field: str) -> None:
    res = acme["client"].post("/api/v1/admin/users", json=body)
    assert res.status_code == 400, res.text
    assert res.headers["content-type"].startswith("application/problem+json")
    assert res.json()["field"] == field and res.json()["rule"] == "P05"


@pytest.mark.parametrize("payload", [
    {"code": "a", "name": "x"}, {"code": "AB", "name": "x"}, {"code": "C"}, {"code": "C", "name": ""},
    {"code": "C", "name": "x", "timezone": "Mars/Olympus"}, {"code": "C", "name": "x", "timezone": "../etc/passwd"},
    {"code": "C", "name": "x" * 5000}, [1, 2], "text", {"code": 3, "name": "x"},
])
def test_p05_bad_stores_are_400(live: Live, acme: dict[str, Any], payload: Any) -> None:
    res = acme["client"].post("/api/v1/admin/stores", json=payload)
    assert res.status_code in (400, 422), res.text
    assert res.headers["content-type"].startswith("application/problem+json")


def test_p05_absurd_paths_and_passwords_are_400_or_404(live: Live, acme: dict[str, Any]) -> None:
    client = acme["client"]
    assert client.post("/api/v1/admin/users/" + "x" * 300 + "/disable").status_code in (400, 422)
    assert client.post("/api/v1/admin/users/%00/disable").status_code in (400, 404, 422)
    res = client.post(f"/api/v1/admin/users/{acme['admin']}/reset-password", json={"password": "short"})
    assert res.status_code == 400 and res.json()["field"] == "password"
    res = client.post(f"/api/v1/admin/users/{acme['admin']}/reset-password", json={})
    assert res.status_code == 400 and res.json()["field"] == "password"
    own = client.post(f"/api/v1/admin/users/{acme['admin']}/disable")
    assert own.status_code == 409  # a tenant keeps its admin


def test_p01_an_idempotency_key_replayed_by_another_admin_runs_afresh(live: Live, acme: dict[str, Any]) -> None:
    second = new_user(acme["client"], roles=["tenant_admin"], stores=[])
    other_admin = bearer(live, second["username"], second["password"])
    key = f"store-{uuid.uuid4()}"
    body = {"code": "C", "name": "顶好 C 设计室"}
    first = acme["client"].post("/api/v1/admin/stores", json=body, headers={"Idempotency-Key": key})
    assert first.status_code == 201, first.text
    replay = acme["client"].post("/api/v1/admin/stores", json=body, headers={"Idempotency-Key": key})
    assert (replay.status_code, replay.json()) == (201, first.json())
    changed = acme["client"].post("/api/v1/admin/stores", json={**body, "name": "other"},
                                  headers={"Idempotency-Key": key})
    assert changed.status_code == 409 and changed.json()["field"] == "Idempotency-Key"
    # Someone else's replay is a new request: store C exists, so it is refused, not answered 201.
    theirs = other_admin.post("/api/v1/admin/stores", json=body, headers={"Idempotency-Key": key})
    assert theirs.status_code == 409, theirs.text
    assert theirs.json().get("field") != "Idempotency-Key"

    user_key = f"user-{uuid.uuid4()}"
    user_body = {"username": f"u{uuid.uuid4().hex[:10]}", "password": PASSWORD, "roles": ["designer"],
                 "stores": ["A"]}
    made = acme["client"].post("/api/v1/admin/users", json=user_body, headers={"Idempotency-Key": user_key})
    again = acme["client"].post("/api/v1/admin/users", json=user_body, headers={"Idempotency-Key": user_key})
    assert (made.status_code, again.status_code, again.json()) == (201, 201, made.json())
    theirs = other_admin.post("/api/v1/admin/users", json=user_body, headers={"Idempotency-Key": user_key})
    assert theirs.status_code == 409  # the username is taken: a fresh attempt, not the stored answer
