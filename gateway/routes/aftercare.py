"""Customer archive and complaints: routes to the aftercare service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query

from gateway.deps import Caller, Rpc

router = APIRouter(prefix="/api/v1", tags=["aftercare"])
Limit = Annotated[int, Query(ge=1, le=200)]
JsonBody = Annotated[dict[str, Any], Body()]
OptionalBody = Annotated[dict[str, Any] | None, Body()]


@router.get("/customer-archive/{contract_id}")
def get_customer_archive(rpc: Rpc, ctx: Caller, contract_id: str) -> dict[str, Any]:
    return rpc.call("aftercare", "get_customer_archive", ctx, contract_id=contract_id)


@router.post("/complaints", status_code=201)
def record_complaint(rpc: Rpc, ctx: Caller, body: JsonBody) -> dict[str, Any]:
    return rpc.call("aftercare", "record_complaint", ctx, payload=body)


@router.get("/complaints")
def list_complaints(rpc: Rpc, ctx: Caller, contract_id: str | None = None, store: str | None = None,
                    status: str | None = None, limit: Limit = 50, cursor: str | None = None) -> dict[str, Any]:
    return rpc.call("aftercare", "list_complaints", ctx, contract_id=contract_id, store=store, status=status,
                    limit=limit, cursor=cursor)


@router.get("/complaints/{complaint_id}")
def get_complaint(rpc: Rpc, ctx: Caller, complaint_id: str) -> dict[str, Any]:
    return rpc.call("aftercare", "get_complaint", ctx, complaint_id=complaint_id)


@router.post("/complaints/{complaint_id}/classify")
def classify_complaint(rpc: Rpc, ctx: Caller, complaint_id: str, body: JsonBody) -> dict[str, Any]:
    return rpc.call("aftercare", "classify_complaint", ctx, complaint_id=complaint_id, payload=body)


@router.post("/complaints/{complaint_id}/pass-on")
def pass_on_complaint(rpc: Rpc, ctx: Caller, complaint_id: str, body: JsonBody) -> dict[str, Any]:
    return rpc.call("aftercare", "pass_on_complaint", ctx, complaint_id=complaint_id, payload=body)


@router.post("/complaints/{complaint_id}/answer")
def answer_complaint(rpc: Rpc, ctx: Caller, complaint_id: str, body: JsonBody) -> dict[str, Any]:
    return rpc.call("aftercare", "answer_complaint", ctx, complaint_id=complaint_id, payload=body)


@router.post("/complaints/{complaint_id}/resolve")
def resolve_complaint(rpc: Rpc, ctx: Caller, complaint_id: str, body: OptionalBody = None) -> dict[str, Any]:
    return rpc.call("aftercare", "resolve_complaint", ctx, complaint_id=complaint_id, payload=body or {})
