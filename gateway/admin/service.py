"""Tenant administration's use cases: the directory (stores, membership) and the identity port together.

The gateway owns the directory, so these run in the gateway, not in a service. A tenant admin acts
inside their own tenant only: another tenant's account is simply not found (P01). Everything is
checked before the first write, and a write to the identity provider that fails after the
directory changed is undone, so a refusal leaves nothing half-written (P05).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gateway.admin.commands import AddStore, AddUser, CreateTenant, ResetPassword, password_problem
from gateway.admin.port import IdentityAdmin, NewStaff, StaffAccount
from gateway.directory import Directory, Store, Tenant
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from shared.identity.context import Principal
from shared.persistence.uow import fingerprint_of

log = logging.getLogger(__name__)

#: Called for every new store: tells the services about it (contracts numbers its contracts).
StoreHook = Callable[[str, str, str], None]
#: Called once for a new tenant after its stores: the services' set-up (the starting catalogue).
TenantHook = Callable[[str, list[str]], None]

ADMIN_ROLE = "tenant_admin"


def require_admin(principal: Principal) -> None:
    """Tenant administration is the tenant admin's alone (403 for every other role)."""
    if ADMIN_ROLE not in principal.roles:
        raise Forbidden("only tenant_admin may administer the tenant", rule="P01")


@dataclass
class TenantAdministration:
    """Tenants, stores and staff accounts, over the directory and one identity provider."""

    directory: Directory
    identity: IdentityAdmin
    on_store: StoreHook | None = None
    on_tenant: TenantHook | None = None

    # --- operators (renoflow tenants …) -------------------------------------------------------

    def create_tenant(self, cmd: CreateTenant) -> Tenant:
        """A new company: directory rows, its organization, its first tenant admin, the services' set-up."""
        problem = password_problem(cmd.admin_username, cmd.admin_password)
        if problem:
            raise InvalidInput(problem, rule="P05", field="admin_password")
        codes = [s.code for s in cmd.stores]
        if len(set(codes)) != len(codes):
            raise InvalidInput("a store is named twice", rule="P05", field="stores")
        if self.identity.find_user(cmd.tenant_id, cmd.admin_username) is not None:
            raise Conflict(f"username {cmd.admin_username} already exists", field="admin_username")
        tenant = Tenant(cmd.tenant_id, cmd.name, cmd.name_en, enabled=True)
        self.directory.add_tenant_with_stores(
            tenant, [Store(cmd.tenant_id, s.code, s.name, s.timezone) for s in cmd.stores])
        try:
            self.identity.create_organization(cmd.tenant_id, cmd.name)
            self.identity.create_user(cmd.tenant_id, NewStaff(
                cmd.admin_username, cmd.admin_password, (ADMIN_ROLE,), tuple(sorted(codes)),
                display_name=f"{cmd.name} 管理员"))
            self.directory.set_memberships(cmd.tenant_id, cmd.admin_username, set(codes))
            # The services' set-up is idempotent (register_store, seed_catalogue): after a failure
            # here the tenant is undone and a second `tenants create` repeats it safely.
            for spec in cmd.stores:
                if self.on_store:
                    self.on_store(cmd.tenant_id, spec.code, spec.timezone)
            if self.on_tenant:
                self.on_tenant(cmd.tenant_id, codes)
        except Exception:
            self._undo_tenant(cmd.tenant_id)
            raise
        return tenant

    def tenants(self) -> list[Tenant]:
        """Every tenant."""
        return self.directory.tenants()

    def disable_tenant(self, tenant_id: str) -> int:
        """Refuse the tenant's tokens and disable its accounts; how many accounts were disabled."""
        if self.directory.tenant(tenant_id) is None:
            raise NotFound(f"tenant {tenant_id!r} not found", field="tenant_id")
        self.directory.set_tenant_enabled(tenant_id, False)
        count = 0
        for account in self.identity.users(tenant_id):
            if account.enabled:
                self.identity.set_enabled(tenant_id, account.username, False)
                count += 1
        return count

    def _undo_tenant(self, tenant_id: str) -> None:
        try:
            self.identity.delete_organization(tenant_id)
        except Exception:  # the original failure is the one to report
            log.exception("could not undo the organization of %s", tenant_id)
        self.directory.delete_tenant(tenant_id)

    # --- the tenant admin (api.md) ------------------------------------------------------------

    def add_store(self, principal: Principal, cmd: AddStore) -> dict[str, Any]:
        """A new store of the caller's tenant; an existing code is a Conflict."""
        require_admin(principal)
        store = self.directory.add_store(principal.tenant_id, cmd.code, cmd.name, cmd.timezone)
        if self.on_store:
            try:
                self.on_store(principal.tenant_id, cmd.code, cmd.timezone)
            except Exception:  # the services never heard of it: the directory forgets it too (P05)
                self.directory.remove_store(principal.tenant_id, cmd.code)
                raise
        return {"code": store.code, "name": store.name, "timezone": store.timezone}

    def stores(self, principal: Principal) -> list[dict[str, Any]]:
        """The caller's tenant's stores."""
        require_admin(principal)
        return [{"code": s.code, "name": s.name, "timezone": s.timezone}
                for s in self.directory.stores_of_tenant(principal.tenant_id)]

    def add_user(self, principal: Principal, cmd: AddUser) -> dict[str, Any]:
        """A staff account with roles and stores; it signs in at once."""
        require_admin(principal)
        tenant = principal.tenant_id
        problem = password_problem(cmd.username, cmd.password)
        if problem:
            raise InvalidInput(problem, rule="P05", field="password")
        known = {s.code for s in self.directory.stores_of_tenant(tenant)}
        missing = sorted(set(cmd.stores) - known)
        if missing:
            raise InvalidInput(f"no such store: {', '.join(missing)}", rule="P05", field="stores")
        if not cmd.stores and not set(cmd.roles) & {"hq", "general_manager", "tenant_admin"}:
            raise InvalidInput("a staff member who is not tenant-wide works in at least one store",
                               rule="P05", field="stores")
        account = self.identity.create_user(tenant, NewStaff(
            cmd.username, cmd.password, tuple(cmd.roles), tuple(cmd.stores),
            display_name=cmd.display_name, email=cmd.email))
        self.directory.set_memberships(tenant, cmd.username, set(cmd.stores))
        return _read(account)

    def users(self, principal: Principal) -> dict[str, Any]:
        """Every staff account of the caller's tenant, with the stores the directory gives them."""
        require_admin(principal)
        stores = self.directory.memberships_of_tenant(principal.tenant_id)
        items = []
        for account in self.identity.users(principal.tenant_id):
            item = _read(account)
            item["stores"] = sorted(stores.get(account.username, set()))
            items.append(item)
        return {"items": items}

    def disable_user(self, principal: Principal, username: str) -> dict[str, Any]:
        """Disable one staff account of the caller's tenant (not their own: a tenant keeps an admin)."""
        require_admin(principal)
        account = self._account(principal, username)
        if account.username == principal.username:
            raise Conflict("a tenant admin cannot disable their own account", rule="P05", field="username")
        self.identity.set_enabled(principal.tenant_id, account.username, False)
        return {**_read(account), "enabled": False}

    def reset_password(self, principal: Principal, username: str, cmd: ResetPassword) -> dict[str, Any]:
        """Give one staff account of the caller's tenant a new password."""
        require_admin(principal)
        account = self._account(principal, username)
        problem = password_problem(account.username, cmd.password)
        if problem:
            raise InvalidInput(problem, rule="P05", field="password")
        self.identity.set_password(principal.tenant_id, account.username, cmd.password)
        return {"username": account.username, "password_reset": True}

    def _account(self, principal: Principal, username: str) -> StaffAccount:
        account = self.identity.find_user(principal.tenant_id, username)
        if account is None:  # another tenant's account answers the same as a missing one (P01)
            raise NotFound("user not found")
        return account

    # --- idempotency --------------------------------------------------------------------------

    def idempotent(self, principal: Principal, operation: str, key: str | None, request: Any,
                   work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """Run ``work`` once per caller and key: a replay by the same caller gets the first answer.

        The key is scoped to the caller's user id, so another user's replay of it runs afresh.
        """
        require_admin(principal)
        fingerprint = fingerprint_of(request)
        prior = self.directory.recall(principal.tenant_id, principal.user_id, operation, key, fingerprint)
        if prior is not None:
            return prior
        answer = work()
        self.directory.remember(principal.tenant_id, principal.user_id, operation, key, fingerprint, answer)
        return answer


def _read(account: StaffAccount) -> dict[str, Any]:
    return {"id": account.user_id, "username": account.username, "roles": sorted(account.roles),
            "stores": sorted(account.stores), "display_name": account.display_name, "email": account.email,
            "enabled": account.enabled}
