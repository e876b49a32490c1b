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
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from shared.identity.context import Principal
from shared.persistence.uow import fingerprint_of
from shared.tenant_settings import (
    STORE_OVERRIDABLE,
    EffectiveSettings,
    HqSettings,
    SettingsSnapshot,
    SettingValues,
    check_overrides,
    resolve,
    settings_json,
)

log = logging.getLogger(__name__)

#: Called for every new store: tells the services about it (contracts numbers its contracts).
StoreHook = Callable[[str, str, str], None]
#: Called once for a new tenant after its stores: the services' set-up (the starting catalogue).
TenantHook = Callable[[str, list[str]], None]
#: Called with the tenant's whole settings snapshot after every change: pushes it to the services.
SettingsHook = Callable[[SettingsSnapshot], None]

ADMIN_ROLE = "tenant_admin"
#: Besides the tenant admin, a store's manager may read (not change) that store's settings.
STORE_SETTINGS_READERS = frozenset({ADMIN_ROLE, "studio_manager"})
#: Settings that live with the rules that own them, each behind its own endpoint (decision 0036).
MANAGED_ELSEWHERE = {"work_calendar": "/api/v1/work-calendar", "quality_standard": "/api/v1/quality-standard"}


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
    on_settings: SettingsHook | None = None

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
            self._push(self.directory.set_hq_settings(cmd.tenant_id, cmd.settings) if cmd.settings
                       else self.directory.touch_settings(cmd.tenant_id))
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
        # The new store's name and zone reach the services' snapshots; the store exists either way.
        self._push(self.directory.touch_settings(principal.tenant_id), required=False)
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

    # --- settings (decision 0036) ------------------------------------------------------------

    def settings(self, principal: Principal) -> dict[str, Any]:
        """The tenant's HQ settings: company profile, defaults, what stores may override."""
        require_admin(principal)
        return self._hq_read(principal.tenant_id, self.directory.hq_settings(principal.tenant_id))

    def set_settings(self, principal: Principal, hq: HqSettings) -> dict[str, Any]:
        """Replace the tenant's HQ settings and push the new snapshot to the services."""
        require_admin(principal)
        snapshot = self.directory.set_hq_settings(principal.tenant_id, hq)
        self._push(snapshot)
        return self._hq_read(principal.tenant_id, snapshot.hq, snapshot.version)

    def store_settings(self, principal: Principal, code: str) -> dict[str, Any]:
        """One store's overrides and what it effectively uses (its manager may read them too)."""
        if not principal.roles & STORE_SETTINGS_READERS:
            raise Forbidden("only tenant_admin and the store's manager may read a store's settings", rule="P01")
        if ADMIN_ROLE not in principal.roles and code not in principal.stores:
            raise NotFound(f"store {code!r} not found")  # another store's manager learns nothing (P01)
        overrides = self.directory.store_overrides(principal.tenant_id, code)
        return self._store_read(self.directory.settings_snapshot(principal.tenant_id), code, overrides)

    def set_store_settings(self, principal: Principal, code: str, overrides: SettingValues) -> dict[str, Any]:
        """Replace one store's overrides; a setting the tenant does not let stores override is refused (P06)."""
        require_admin(principal)
        if self.directory.store(principal.tenant_id, code) is None:
            raise NotFound(f"store {code!r} not found")
        hq = self.directory.hq_settings(principal.tenant_id)
        refused = check_overrides(hq, overrides)
        if refused:
            fixed = [name for name in refused if not STORE_OVERRIDABLE[name]]
            why = "is the HQ's alone" if fixed else "is not one the tenant lets stores override"
            raise RuleViolation(f"{refused[0]} {why}", rule="P06", field=refused[0])
        if overrides.timezone is None:  # every store keeps a zone: leaving it out keeps the current one
            current = self.directory.store_overrides(principal.tenant_id, code).timezone
            overrides = overrides.model_copy(update={"timezone": current})
        snapshot = self.directory.set_store_overrides(principal.tenant_id, code, overrides)
        self._push(snapshot)
        return self._store_read(snapshot, code, self.directory.store_overrides(principal.tenant_id, code))

    def effective_settings(self, principal: Principal, store: str | None) -> dict[str, Any]:
        """What the caller's store uses (any staff): the store asked for, the caller's only store, or the HQ's."""
        if store is None and not principal.tenant_wide and len(principal.stores) == 1:
            store = next(iter(principal.stores))
        if store is None and not principal.tenant_wide and principal.stores:
            raise InvalidInput("you work in several stores: name one with ?store=", rule="P05", field="store")
        if store is not None and not principal.can_see_store(store):
            raise NotFound(f"store {store!r} not found")
        snapshot = self.directory.settings_snapshot(principal.tenant_id)
        if store is not None and store not in snapshot.stores:
            raise NotFound(f"store {store!r} not found")
        return _effective_read(resolve(snapshot, store), snapshot.version)

    def _push(self, snapshot: SettingsSnapshot, *, required: bool = True) -> None:
        if self.on_settings is None:
            return
        try:
            self.on_settings(snapshot)
        except Exception:
            # The directory is the record and keeps the change; the next change or store pushes
            # the whole snapshot again (a newer version), so a service never keeps a stale one.
            log.exception("could not push the settings of %s (version %s)", snapshot.tenant_id, snapshot.version)
            if required:
                raise

    def _hq_read(self, tenant_id: str, hq: HqSettings, version: int | None = None) -> dict[str, Any]:
        if version is None:
            version = self.directory.settings_snapshot(tenant_id).version
        return {**settings_json(hq), "version": version, "store_may_override": dict(STORE_OVERRIDABLE),
                "managed_elsewhere": MANAGED_ELSEWHERE}

    @staticmethod
    def _store_read(snapshot: SettingsSnapshot, code: str, overrides: SettingValues) -> dict[str, Any]:
        effective = resolve(snapshot, code)
        return {"store": code, "overrides": settings_json(overrides),
                "store_overridable": list(snapshot.hq.store_overridable),
                "effective": _effective_read(effective, snapshot.version)}

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


def _effective_read(effective: EffectiveSettings, version: int) -> dict[str, Any]:
    return {"store": effective.store, "company_name": effective.company_name, "store_name": effective.store_name,
            "version": version, "values": settings_json(effective.values), "sources": dict(effective.sources),
            "managed_elsewhere": MANAGED_ELSEWHERE}


def _read(account: StaffAccount) -> dict[str, Any]:
    return {"id": account.user_id, "username": account.username, "roles": sorted(account.roles),
            "stores": sorted(account.stores), "display_name": account.display_name, "email": account.email,
            "enabled": account.enabled}
