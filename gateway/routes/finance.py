"""Payment plans and payments: routes to the finance service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query

from gateway.deps import Caller, Rpc

router = APIRouter(prefix="/api/v1", tags=["finance"])
ContractId = Annotated[str, Query(min_length=1, max_length=36)]
Limit = Annotated[int, Query(ge=1, le=200)]
JsonBody = Annotated[dict[str, Any], Body()]


@router.get("/contracts/{contract_id}/payment-plan")
def get_payment_plan(rpc: Rpc, ctx: Caller, contract_id: str) -> dict[str, Any]:
    return rpc.call("finance", "get_payment_plan", ctx, contract_id=contract_id)


@router.post("/payments", status_code=201)
def record_payment(rpc: Rpc, ctx: Caller, body: JsonBody) -> dict[str, Any]:
    return rpc.call("finance", "record_payment", ctx, payload=body)


@router.get("/payments")
def list_payments(rpc: Rpc, ctx: Caller, contract_id: ContractId, limit: Limit = 50,
                  cursor: str | None = None) -> dict[str, Any]:
    return rpc.call("finance", "list_payments", ctx, contract_id=contract_id, limit=limit, cursor=cursor)


@router.post("/payments/{payment_id}/confirm")
def confirm_payment(rpc: Rpc, ctx: Caller, payment_id: str) -> dict[str, Any]:
    return rpc.call("finance", "confirm_payment", ctx, payment_id=payment_id)


@router.put("/finance/policy")
def set_finance_policy(rpc: Rpc, ctx: Caller, body: JsonBody) -> dict[str, Any]:
    return rpc.call("finance", "set_finance_policy", ctx, payload=body)
