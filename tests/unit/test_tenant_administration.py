"""Tenant administration's use cases leave nothing half-written when a later step fails (P05)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.admin.commands import AddStore, CreateTenant
from gateway.admin.port import NewStaff, StaffAccount
from gateway.admin.service import TenantAdministration
from gateway.directory import Directory
from shared.errors import Forbidden, InvalidInput
from shared.identity.context import Principal


class BrokenIdentity:
    """An identity provider whose user creation fails (Keycloak down half-way)."""

    def __init__(self) -> None:
        self.organizations: set[str] = set()

    def create_organization(self, tenant_id: str, name: str) -> None:
        self.organizations.add(tenant_id)

    def delete_organization(self, tenant_id: str) -> int:
        self.organizations.discard(tenant_id)
        return 0

    def create_user(self, tenant_id: str, user: NewStaff) -> StaffAccount:
        raise ConnectionError("identity provider went away")

    def users(self, tenant_id: str) -> list[StaffAccount]:
        return []

    def find_user(self, tenant_id: str, username: str) -> StaffAccount | None:
        return None

    def set_enabled(self, tenant_id: str, username: str, enabled: bool) -> None: ...

    def set_password(self, tenant_id: str, username: str, password: str) -> None: ...


@pytest.fixture
def directory(tmp_path: Path) -> Directory:
    d = Directory(f"sqlite:///{tmp_path / 'gateway.db'}")
    d.ensure_schema()
    return d


def new_tenant(tenant: str = "acme") -> CreateTenant:
    return CreateTenant.model_validate({"tenant_id": tenant, "name": "顶好", "stores": [{"code": "A", "name": "A"}],
                                        "admin_username": "boss", "admin_password": "correct horse battery"})


def test_p05_a_failed_first_admin_undoes_the_tenant(directory: Directory) -> None:
    identity = BrokenIdentity()
    with pytest.raises(ConnectionError):
        TenantAdministration(directory, identity).create_tenant(new_tenant())
    assert directory.tenant("acme") is None and directory.stores_of_tenant("acme") == []
    assert identity.organizations == set()


def test_p05_a_failed_service_set_up_undoes_the_new_store(directory: Directory) -> None:
    directory.add_tenant("acme", "顶好")
    calls: list[str] = []

    def refuse(tenant: str, code: str, timezone: str) -> None:
        calls.append(code)
        raise TimeoutError("contracts did not answer")

    admin = TenantAdministration(directory, BrokenIdentity(), on_store=refuse)
    boss = Principal(tenant_id="acme", user_id="u1", username="boss", roles=frozenset({"tenant_admin"}))
    with pytest.raises(TimeoutError):
        admin.add_store(boss, AddStore(code="B", name="B 店"))
    assert calls == ["B"] and directory.store("acme", "B") is None


def test_p01_only_the_tenant_admin_administers(directory: Directory) -> None:
    admin = TenantAdministration(directory, BrokenIdentity())
    hq = Principal(tenant_id="acme", user_id="u2", username="hq", roles=frozenset({"hq"}))
    with pytest.raises(Forbidden):
        admin.users(hq)


def test_p05_a_password_with_the_username_is_refused_before_anything_is_written(directory: Directory) -> None:
    cmd = new_tenant().model_copy(update={"admin_password": "boss-is-my-password"})
    with pytest.raises(InvalidInput) as refused:
        TenantAdministration(directory, BrokenIdentity()).create_tenant(cmd)
    assert refused.value.field == "admin_password"
    assert directory.tenant("acme") is None
