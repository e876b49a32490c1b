"""The Keycloak adapter of tenant administration against a fake of Keycloak's admin REST API."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from gateway.admin.commands import CreateTenant
from gateway.admin.port import NewStaff
from gateway.admin.service import TenantAdministration
from gateway.directory import Directory
from renoflow.identity.keycloak_admin import KeycloakIdentityAdmin, keycloak_admin_from_settings
from shared.errors import Conflict, NotFound
from shared.settings import Settings
from tests.fake_keycloak import ADMIN_CLIENT, FakeKeycloak
from tests.platforms import free_port, serve


@pytest.fixture(scope="module")
def keycloak() -> Iterator[tuple[FakeKeycloak, str]]:
    fake = FakeKeycloak()
    port = free_port()
    server, thread = serve(fake.app, port)
    try:
        yield fake, f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def admin(keycloak: tuple[FakeKeycloak, str]) -> KeycloakIdentityAdmin:
    _fake, url = keycloak
    settings = Settings(keycloak_url=url, keycloak_admin_client_id=ADMIN_CLIENT[0],
                        keycloak_admin_client_secret=ADMIN_CLIENT[1])
    return KeycloakIdentityAdmin(keycloak_admin_from_settings(settings))


def sign_in(url: str, username: str, password: str) -> httpx.Response:
    return httpx.post(f"{url}/realms/renoflow/protocol/openid-connect/token", data={
        "grant_type": "password", "client_id": "renoflow-web", "username": username, "password": password})


def test_p01_a_tenant_is_an_organization_with_its_first_admin_who_signs_in(
        keycloak: tuple[FakeKeycloak, str], admin: KeycloakIdentityAdmin, tmp_path: object) -> None:
    fake, url = keycloak
    directory = Directory(f"sqlite:///{tmp_path}/gateway.db")  # type: ignore[str-bytes-safe]
    directory.ensure_schema()
    service = TenantAdministration(directory, admin)
    service.create_tenant(CreateTenant.model_validate({
        "tenant_id": "acme", "name": "顶好装饰", "stores": [{"code": "A", "name": "顶好 A"}],
        "admin_username": "boss", "admin_password": "correct horse battery"}))
    org = next(o for o in fake.organizations.values() if o["alias"] == "acme")
    assert org["name"] == "顶好装饰" and org["domains"] == [{"name": "acme.renoflow.example", "verified": False}]
    boss = fake.user_named("boss")
    assert boss["id"] in fake.members[org["id"]]
    assert fake.role_mappings[boss["id"]] == ["tenant_admin"]
    assert boss["attributes"] == {"stores": ["A"]} and boss["requiredActions"] == []
    assert sign_in(url, "boss", "correct horse battery").status_code == 200
    assert directory.stores_of("acme", "boss") == {"A"}
    directory.dispose()


def test_staff_accounts_roles_stores_disable_and_reset(keycloak: tuple[FakeKeycloak, str],
                                                       admin: KeycloakIdentityAdmin) -> None:
    fake, url = keycloak
    admin.create_organization("beta", "Beta 装饰")
    created = admin.create_user("beta", NewStaff("designer-x", "a long enough pw", ("designer",), ("A", "B")))
    assert created.roles == ("designer",) and created.stores == ("A", "B")
    listed = admin.users("beta")
    assert [(a.username, a.roles, a.stores, a.enabled) for a in listed] == [
        ("designer-x", ("designer",), ("A", "B"), True)]
    assert sign_in(url, "designer-x", "a long enough pw").status_code == 200

    admin.set_password("beta", "designer-x", "another long pw")
    assert sign_in(url, "designer-x", "a long enough pw").status_code == 401
    assert sign_in(url, "designer-x", "another long pw").status_code == 200  # not temporary

    admin.set_enabled("beta", "designer-x", False)
    assert fake.logouts[-1] == created.user_id  # its sessions end with it
    assert sign_in(url, "designer-x", "another long pw").json()["error_description"] == "Account disabled"
    assert admin.find_user("beta", "designer-x") is not None
    assert not admin.find_user("beta", "designer-x").enabled  # type: ignore[union-attr]


def test_p01_another_organizations_user_is_not_found(admin: KeycloakIdentityAdmin) -> None:
    admin.create_organization("gamma", "Gamma")
    admin.create_organization("delta", "Delta")
    admin.create_user("gamma", NewStaff("gamma-hq", "a long enough pw", ("hq",), ()))
    assert admin.find_user("delta", "gamma-hq") is None
    with pytest.raises(NotFound):
        admin.set_enabled("delta", "gamma-hq", False)
    with pytest.raises(NotFound):
        admin.set_password("delta", "gamma-hq", "a long enough pw2")


def test_taken_username_and_organization_are_conflicts(admin: KeycloakIdentityAdmin) -> None:
    admin.create_organization("epsilon", "Epsilon")
    with pytest.raises(Conflict):
        admin.create_organization("epsilon", "Epsilon again")
    admin.create_user("epsilon", NewStaff("eps-user", "a long enough pw", ("designer",), ("A",)))
    with pytest.raises(Conflict):
        admin.create_user("epsilon", NewStaff("eps-user", "a long enough pw", ("designer",), ("A",)))


def test_an_unknown_role_leaves_no_half_made_user(keycloak: tuple[FakeKeycloak, str],
                                                  admin: KeycloakIdentityAdmin) -> None:
    fake, _url = keycloak
    admin.create_organization("zeta", "Zeta")
    with pytest.raises(NotFound):
        admin.create_user("zeta", NewStaff("zeta-user", "a long enough pw", ("no-such-role",), ()))
    assert all(u["username"] != "zeta-user" for u in fake.users.values())


def test_deleting_the_organization_deletes_its_users(keycloak: tuple[FakeKeycloak, str],
                                                     admin: KeycloakIdentityAdmin) -> None:
    fake, _url = keycloak
    admin.create_organization("eta", "Eta")
    admin.create_user("eta", NewStaff("eta-1", "a long enough pw", ("designer",), ("A",)))
    admin.create_user("eta", NewStaff("eta-2", "a long enough pw", ("hq",), ()))
    assert admin.delete_organization("eta") == 2
    assert all(o["alias"] != "eta" for o in fake.organizations.values())
    assert all(u["username"] not in ("eta-1", "eta-2") for u in fake.users.values())
    assert admin.users("eta") == []


def test_the_adapter_calls_only_published_admin_paths(keycloak: tuple[FakeKeycloak, str]) -> None:
    """Every admin call so far hit a path of the fake (a 404 from an unknown path would have failed)."""
    fake, _url = keycloak
    paths = {path for _method, path in fake.calls if path.startswith("/admin/")}
    assert any(p.endswith("/organizations") for p in paths)
    assert any("/role-mappings/realm" in p for p in paths)
    assert any(p.endswith("/reset-password") for p in paths)


def test_an_organization_without_the_platforms_domain_is_found_by_its_alias(
        keycloak: tuple[FakeKeycloak, str], admin: KeycloakIdentityAdmin) -> None:
    """Keycloak's search matches names and domains, not aliases: one made by hand is still found."""
    fake, _url = keycloak
    fake.organizations["hand-made"] = {"id": "hand-made", "name": "手工", "alias": "theta", "enabled": True,
                                       "domains": [{"name": "theta.example.cn", "verified": True}], "attributes": {}}
    fake.members["hand-made"] = []
    admin.create_user("theta", NewStaff("theta-user", "a long enough pw", ("designer",), ("A",)))
    assert fake.user_named("theta-user")["id"] in fake.members["hand-made"]
    assert [a.username for a in admin.users("theta")] == ["theta-user"]


def test_usernames_with_at_signs_get_valid_person_names(keycloak: tuple[FakeKeycloak, str],
                                                        admin: KeycloakIdentityAdmin) -> None:
    fake, url = keycloak
    admin.create_organization("iota", "Iota (北京) 装饰")
    admin.create_user("iota", NewStaff("designer-a@iota", "a long enough pw", ("designer",), ("A",)))
    stored = fake.user_named("designer-a@iota")
    assert "@" not in stored["firstName"] and "(" not in stored["lastName"]
    assert sign_in(url, "designer-a@iota", "a long enough pw").status_code == 200
