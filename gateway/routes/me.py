"""Who the caller is, as the platform sees it (stores narrowed by its own records)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from gateway.deps import Caller

router = APIRouter(prefix="/api/v1", tags=["identity"])


@router.get("/me")
def me(ctx: Caller) -> dict[str, Any]:
    p = ctx.principal
    return {"tenant_id": p.tenant_id, "username": p.username, "display_name": p.display_name,
            "roles": sorted(p.roles), "stores": sorted(p.stores), "tenant_wide": p.tenant_wide}
