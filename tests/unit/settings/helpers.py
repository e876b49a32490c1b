"""Pushing a tenant's settings snapshot into a service as the gateway's directory does."""

from __future__ import annotations

from typing import Any

from shared.identity.context import Principal


def admin(tenant: str = "demo") -> Principal:
    """The platform acting as the tenant's administrator (the directory's push)."""
    return Principal(tenant_id=tenant, user_id="onboarding", username="onboarding",
                     roles=frozenset({"tenant_admin"}), stores=frozenset())


def snapshot(*, tenant: str = "demo", version: int = 1, company: str = "", defaults: dict[str, Any] | None = None,
             overridable: list[str] | None = None, stores: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """A snapshot as JSON, as ``apply_tenant_settings`` receives it."""
    hq: dict[str, Any] = {"company_name": company, "defaults": defaults or {}}
    if overridable is not None:
        hq["store_overridable"] = overridable
    return {"tenant_id": tenant, "version": version, "company_name": company, "hq": hq,
            "stores": stores or {"A": {"name": "", "overrides": {"timezone": "Asia/Shanghai"}}}}
