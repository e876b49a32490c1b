"""Projects in progress and the construction sequence: routes to the construction service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query

from gateway.deps import Caller, Rpc

router = APIRouter(prefix="/api/v1", tags=["construction"])
OptionalBody = Annotated[dict[str, Any] | None, Body()]
Limit = Annotated[int, Query(ge=1, le=200)]


@router.get("/projects")
def list_projects(rpc: Rpc, ctx: Caller, contract_id: str | None = None, store: str | None = None,
                  limit: Limit = 50, cursor: str | None = None) -> dict[str, Any]:
    return rpc.call("construction", "list_projects", ctx, contract_id=contract_id, store=store, limit=limit,
                    cursor=cursor)


@router.get("/projects/{project_id}")
def get_project(rpc: Rpc, ctx: Caller, project_id: str) -> dict[str, Any]:
    return rpc.call("construction", "get_project", ctx, project_id=project_id)


@router.post("/projects/{project_id}/steps/{step}/start")
def start_step(rpc: Rpc, ctx: Caller, project_id: str, step: str,
               body: OptionalBody = None) -> dict[str, Any]:
    return rpc.call("construction", "start_step", ctx, project_id=project_id, step=step,
                    payload=body or {})


@router.post("/projects/{project_id}/steps/{step}/complete")
def complete_step(rpc: Rpc, ctx: Caller, project_id: str, step: str,
                  body: OptionalBody = None) -> dict[str, Any]:
    return rpc.call("construction", "complete_step", ctx, project_id=project_id, step=step,
                    payload=body or {})
