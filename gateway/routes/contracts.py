"""Catalogue, documents, quotes and contracts: routes to the contracts service."""

from __future__ import annotations

import base64
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Body, File, Form, Query, Response, UploadFile
from fastapi.responses import RedirectResponse

from gateway.deps import Caller, Rpc

router = APIRouter(prefix="/api/v1", tags=["contracts"])
JsonBody = Annotated[dict[str, Any], Body()]


@router.get("/catalogue")
def list_catalogue(rpc: Rpc, ctx: Caller) -> dict[str, Any]:
    return {"items": rpc.call("contracts", "list_catalogue", ctx)}


@router.post("/documents", status_code=201)
def upload_document(rpc: Rpc, ctx: Caller, file: Annotated[UploadFile, File()],
                    kind: Annotated[str, Form()]) -> dict[str, Any]:
    content = file.file.read()
    return rpc.call("contracts", "upload_document", ctx,
                    payload={"kind": kind, "filename": file.filename or "upload",
                    "content_type": file.content_type or "application/octet-stream",
                    "content_base64": base64.b64encode(content).decode()})


@router.get("/documents/{document_id}")
def get_document(rpc: Rpc, ctx: Caller, document_id: str) -> dict[str, Any]:
    return rpc.call("contracts", "get_document", ctx, document_id=document_id)


@router.get("/documents/{document_id}/content", response_model=None)
def document_content(rpc: Rpc, ctx: Caller, document_id: str) -> Response:
    found = rpc.call("contracts", "document_content", ctx, document_id=document_id)
    if found.get("url"):  # the store signs a short-lived link: the bytes bypass the gateway
        return RedirectResponse(found["url"], status_code=307)
    filename = quote(found["filename"])
    return Response(base64.b64decode(found["content_base64"]), media_type=found["content_type"],
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{filename}",
                             "ETag": f'"{found["sha256"]}"'})


@router.post("/quotes", status_code=201)
def create_quote(rpc: Rpc, ctx: Caller, body: JsonBody) -> dict[str, Any]:
    return rpc.call("contracts", "create_quote", ctx, payload=body)


@router.get("/quotes/{quote_id}")
def get_quote(rpc: Rpc, ctx: Caller, quote_id: str) -> dict[str, Any]:
    return rpc.call("contracts", "get_quote", ctx, quote_id=quote_id)


@router.post("/quotes/{quote_id}/issue")
def issue_quote(rpc: Rpc, ctx: Caller, quote_id: str) -> dict[str, Any]:
    return rpc.call("contracts", "issue_quote", ctx, quote_id=quote_id)


@router.post("/contracts", status_code=201)
def create_contract(rpc: Rpc, ctx: Caller, body: JsonBody) -> dict[str, Any]:
    return rpc.call("contracts", "create_contract", ctx, payload=body)


@router.get("/contracts")
def list_contracts(rpc: Rpc, ctx: Caller, store: str | None = None,
                   limit: Annotated[int, Query(ge=1, le=200)] = 50, cursor: str | None = None) -> dict[str, Any]:
    return rpc.call("contracts", "list_contracts", ctx, store=store, limit=limit, cursor=cursor)


@router.get("/contracts/{contract_id}")
def get_contract(rpc: Rpc, ctx: Caller, contract_id: str) -> dict[str, Any]:
    return rpc.call("contracts", "get_contract", ctx, contract_id=contract_id)


@router.post("/contracts/{contract_id}/attachments", status_code=201)
def add_attachment(rpc: Rpc, ctx: Caller, contract_id: str, body: JsonBody) -> dict[str, Any]:
    return rpc.call("contracts", "add_attachment", ctx, contract_id=contract_id, payload=body)


@router.post("/contracts/{contract_id}/sign")
def sign_contract(rpc: Rpc, ctx: Caller, contract_id: str, body: JsonBody) -> dict[str, Any]:
    return rpc.call("contracts", "sign_contract", ctx, contract_id=contract_id, payload=body)
