"""Tenant onboarding on the service side: stores and the starting catalogue."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from shared.errors import Conflict, InvalidInput
from shared.identity.context import CallContext, Principal
from shared.messaging.ports import RpcClient
from shared.tenant_settings import SettingsSnapshot

if TYPE_CHECKING:
    from renoflow.embedded import EmbeddedPlatform


def onboarding_context(tenant_id: str) -> CallContext:
    """The platform acting as the tenant's administrator while it sets the tenant up."""
    return CallContext(principal=Principal(
        tenant_id=tenant_id, user_id="onboarding", username="onboarding",
        roles=frozenset({"tenant_admin"}), stores=frozenset()))


#: The services whose rules read tenant settings: each keeps the newest snapshot (decision 0036).
SETTINGS_SERVICES = ("contracts", "finance", "construction", "aftercare", "reporting")


def push_settings(rpc: RpcClient, snapshot: SettingsSnapshot) -> None:
    """Give every service that reads settings the tenant's snapshot (each keeps only a newer one)."""
    body = snapshot.model_dump(mode="json")
    for service in SETTINGS_SERVICES:
        rpc.call(service, "apply_tenant_settings", onboarding_context(snapshot.tenant_id), snapshot=body)


def prepare_services(rpc: RpcClient, tenant_id: str, stores: Iterable[str]) -> None:
    """Tell the services about a tenant's stores and give it the starting catalogue (idempotent)."""
    ctx = onboarding_context(tenant_id)
    for store in stores:
        rpc.call("contracts", "register_store", ctx, store=store)
    rpc.call("contracts", "seed_catalogue", ctx)


def onboard_embedded_tenant(platform: EmbeddedPlatform, *, tenant_id: str, name: str, stores: list[str],
                            admin_username: str, admin_password: str, name_en: str = "") -> None:
    """A new company in embedded mode: directory, stores, its first admin, the services' set-up.

    Production onboarding goes through Keycloak (organization, users); this is the stand-in.
    """
    # Everything is checked before the first write, so a refusal leaves nothing half-written (P05).
    if not re.fullmatch(r"[a-z][a-z0-9-]{1,63}", tenant_id):
        raise InvalidInput("a tenant id is a lowercase slug such as acme", field="tenant_id")
    if not stores or any(not re.fullmatch(r"[A-Z]", code) for code in stores) or len(set(stores)) != len(stores):
        raise InvalidInput("stores are distinct capital letters such as A,B", field="stores")
    if len(admin_password) < 8:
        raise InvalidInput("the admin password needs at least 8 characters", field="admin_password")
    if platform.directory.tenant_exists(tenant_id):
        raise Conflict(f"tenant {tenant_id} already exists", field="tenant_id")
    platform.identity.users.add_user(admin_username, admin_password, organization=tenant_id,
                                     roles=["tenant_admin"], stores=stores, display_name=f"{name} 管理员")
    platform.directory.add_tenant(tenant_id, name, name_en)
    for code in stores:
        platform.directory.add_store(tenant_id, code, f"{name} {code}")
    prepare_services(platform.services, tenant_id, stores)
    push_settings(platform.services, platform.directory.settings_snapshot(tenant_id))
