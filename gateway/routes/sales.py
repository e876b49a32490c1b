"""Leads, estimates, measurement visits, measurements and designs (流程01–06): routes to the sales service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query

from gateway.deps import Caller, Rpc

router = APIRouter(prefix="/api/v1", tags=["sales"])
JsonBody = Annotated[dict[str, Any], Body()]


@router.post("/leads", status_code=201)
def register_lead(rpc: Rpc, ctx: Caller, body: JsonBody) -> dict[str, Any]:
    return rpc.call("sales", "register_lead", ctx, payload=body)


@router.get("/leads")
def list_leads(rpc: Rpc, ctx: Caller, store: str | None = None,
               limit: Annotated[int, Query(ge=1, le=200)] = 50, cursor: str | None = None) -> dict[str, Any]:
    return rpc.call("sales", "list_leads", ctx, store=store, limit=limit, cursor=cursor)


@router.get("/leads/{lead_id}")
def get_lead(rpc: Rpc, ctx: Caller, lead_id: str) -> dict[str, Any]:
    return rpc.call("sales", "get_lead", ctx, lead_id=lead_id)


@router.post("/leads/{lead_id}/estimates", status_code=201)
def give_estimate(rpc: Rpc, ctx: Caller, lead_id: str, body: JsonBody) -> dict[str, Any]:
    return rpc.call("sales", "give_estimate", ctx, lead_id=lead_id, payload=body)


@router.post("/leads/{lead_id}/deposit", status_code=201)
def record_deposit(rpc: Rpc, ctx: Caller, lead_id: str, body: JsonBody) -> dict[str, Any]:
    return rpc.call("sales", "record_deposit", ctx, lead_id=lead_id, payload=body)


@router.post("/leads/{lead_id}/measurement-requests", status_code=201)
def request_measurement(rpc: Rpc, ctx: Caller, lead_id: str, body: JsonBody) -> dict[str, Any]:
    return rpc.call("sales", "request_measurement", ctx, lead_id=lead_id, payload=body)


@router.post("/measurement-requests/{request_id}/approve")
def approve_measurement_request(rpc: Rpc, ctx: Caller, request_id: str) -> dict[str, Any]:
    return rpc.call("sales", "approve_measurement_request", ctx, request_id=request_id)


@router.post("/leads/{lead_id}/measurements", status_code=201)
def record_measurement(rpc: Rpc, ctx: Caller, lead_id: str, body: JsonBody) -> dict[str, Any]:
    return rpc.call("sales", "record_measurement", ctx, lead_id=lead_id, payload=body)


@router.post("/leads/{lead_id}/designs", status_code=201)
def draft_design(rpc: Rpc, ctx: Caller, lead_id: str, body: JsonBody) -> dict[str, Any]:
    return rpc.call("sales", "draft_design", ctx, lead_id=lead_id, payload=body)


@router.get("/designs/{design_id}")
def get_design(rpc: Rpc, ctx: Caller, design_id: str) -> dict[str, Any]:
    return rpc.call("sales", "get_design", ctx, design_id=design_id)


@router.post("/designs/{design_id}/confirm")
def confirm_design(rpc: Rpc, ctx: Caller, design_id: str, body: JsonBody) -> dict[str, Any]:
    return rpc.call("sales", "confirm_design", ctx, design_id=design_id, payload=body)
