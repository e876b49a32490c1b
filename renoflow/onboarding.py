"""Tenant onboarding on the service side: stores and the starting catalogue."""

from __future__ import annotations

from collections.abc import Iterable

from shared.context import CallContext, Principal
from shared.ports import RpcClient


def onboarding_context(tenant_id: str) -> CallContext:
    """The platform acting as the tenant's administrator while it sets the tenant up."""
    return CallContext(principal=Principal(
        tenant_id=tenant_id, user_id="onboarding", username="onboarding",
        roles=frozenset({"tenant_admin"}), stores=frozenset()))


def prepare_services(rpc: RpcClient, tenant_id: str, stores: Iterable[str]) -> None:
    """Tell the services about a tenant's stores and give it the starting catalogue (idempotent)."""
    ctx = onboarding_context(tenant_id)
    for store in stores:
        rpc.call("contracts", "register_store", ctx, store=store)
    rpc.call("contracts", "seed_catalogue", ctx)
