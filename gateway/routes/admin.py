"""Tenant administration (api.md): stores, staff accounts and the tenant's export, for its tenant admin.

The directory and the identity provider are the gateway's, so these routes call
:class:`gateway.admin.service.TenantAdministration` directly; the export also asks each service
for its rows (``export_tenant_data``) and reads the tenant's documents from each service's store.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import IO, Annotated, Any

from fastapi import APIRouter, Body, FastAPI, Path, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse

from gateway.admin.commands import STORE_CODE, USERNAME, AddStore, AddUser, ResetPassword
from gateway.admin.results import (
    EffectiveSettingsRead,
    HqSettingsRead,
    PasswordReset,
    StoreList,
    StoreRead,
    StoreSettingsRead,
    UserList,
    UserRead,
)
from gateway.admin.service import TenantAdministration, require_admin
from gateway.deps import Caller, Rpc
from shared.documents.store import CHUNK_BYTES, DocumentStore, TenantDocuments
from shared.errors import Unavailable
from shared.identity.context import CallContext
from shared.tenant_settings import HqSettings, SettingValues
from shared.validation import parse

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])
#: What any staff member's store effectively uses (not administration, so not under /admin).
settings_router = APIRouter(prefix="/api/v1", tags=["settings"])

JsonBody = Annotated[dict[str, Any] | None, Body()]
UsernamePath = Annotated[str, Path(max_length=64, pattern=USERNAME)]
StorePath = Annotated[str, Path(max_length=1, pattern=STORE_CODE)]
#: Bytes of an export kept in memory before its zip spills to a temporary file.
SPOOL_BYTES = 16 * 1024 * 1024


def _admin(request: Request) -> TenantAdministration:
    admin: TenantAdministration | None = getattr(request.app.state, "admin", None)
    if admin is None:
        raise Unavailable("tenant administration is not configured on this gateway")
    return admin


@router.post("/stores", status_code=201, response_model=StoreRead, summary="Open a store of the caller's tenant")
def add_store(request: Request, ctx: Caller, body: JsonBody = None) -> JSONResponse:
    admin = _admin(request)
    require_admin(ctx.principal)
    cmd = parse(AddStore, body if body is not None else {})
    answer = admin.idempotent(ctx.principal, "admin.add_store", ctx.idempotency_key, cmd,
                              lambda: admin.add_store(ctx.principal, cmd))
    return JSONResponse(answer, status_code=201)


@router.get("/stores", response_model=StoreList, summary="The caller's tenant's stores")
def stores(request: Request, ctx: Caller) -> dict[str, Any]:
    return {"items": _admin(request).stores(ctx.principal)}


@router.post("/users", status_code=201, response_model=UserRead,
             summary="Create a staff account of the caller's tenant (signs in at once)")
def add_user(request: Request, ctx: Caller, body: JsonBody = None) -> JSONResponse:
    admin = _admin(request)
    require_admin(ctx.principal)
    cmd = parse(AddUser, body if body is not None else {})
    # The password stays out of the stored fingerprint: an unsalted hash of it would be guessable.
    request_print = {**cmd.model_dump(exclude={"password"}),
                     "password_sha256": hashlib.sha256(f"{ctx.principal.user_id}:{cmd.password}".encode()).hexdigest()}
    answer = admin.idempotent(ctx.principal, "admin.add_user", ctx.idempotency_key, request_print,
                              lambda: admin.add_user(ctx.principal, cmd))
    return JSONResponse(answer, status_code=201)


@router.get("/users", response_model=UserList, summary="Every staff account of the caller's tenant")
def users(request: Request, ctx: Caller) -> dict[str, Any]:
    return _admin(request).users(ctx.principal)


@router.post("/users/{username}/disable", response_model=UserRead,
             summary="Disable a staff account of the caller's tenant")
def disable_user(request: Request, ctx: Caller, username: UsernamePath) -> dict[str, Any]:
    return _admin(request).disable_user(ctx.principal, username)


@router.post("/users/{username}/reset-password", response_model=PasswordReset,
             summary="Set a new password for a staff account")
def reset_password(request: Request, ctx: Caller, username: UsernamePath, body: JsonBody = None) -> dict[str, Any]:
    admin = _admin(request)
    require_admin(ctx.principal)
    cmd = parse(ResetPassword, body if body is not None else {})
    return admin.reset_password(ctx.principal, username, cmd)


@router.get("/settings", response_model=HqSettingsRead, summary="The tenant's HQ settings and what stores may override")
def settings(request: Request, ctx: Caller) -> dict[str, Any]:
    return _admin(request).settings(ctx.principal)


@router.put("/settings", response_model=HqSettingsRead,
            summary="Replace the tenant's HQ settings (pushed to every service)")
def set_settings(request: Request, ctx: Caller, body: JsonBody = None) -> dict[str, Any]:
    admin = _admin(request)
    require_admin(ctx.principal)
    cmd = parse(HqSettings, body)  # a PUT replaces: no body is a mistake, not "reset everything"
    return admin.idempotent(ctx.principal, "admin.set_settings", ctx.idempotency_key, cmd,
                            lambda: admin.set_settings(ctx.principal, cmd))


@router.get("/stores/{code}/settings", response_model=StoreSettingsRead,
            summary="A store's settings overrides and what it effectively uses")
def store_settings(request: Request, ctx: Caller, code: StorePath) -> dict[str, Any]:
    return _admin(request).store_settings(ctx.principal, code)


@router.put("/stores/{code}/settings", response_model=StoreSettingsRead,
            summary="Replace a store's overrides (refused, P06, where the tenant does not allow one)")
def set_store_settings(request: Request, ctx: Caller, code: StorePath, body: JsonBody = None) -> dict[str, Any]:
    admin = _admin(request)
    require_admin(ctx.principal)
    cmd = parse(SettingValues, body)
    return admin.idempotent(ctx.principal, f"admin.set_store_settings.{code}", ctx.idempotency_key, cmd,
                            lambda: admin.set_store_settings(ctx.principal, code, cmd))


@settings_router.get("/settings", response_model=EffectiveSettingsRead,
                     summary="The settings the caller's store effectively uses")
def effective_settings(request: Request, ctx: Caller,
                       store: Annotated[str | None, Query(max_length=1, pattern=STORE_CODE)] = None) -> dict[str, Any]:
    return _admin(request).effective_settings(ctx.principal, store)


@router.get("/export", summary="Every record and document of the caller's tenant, as a zip (PIPL)",
            response_class=StreamingResponse, responses={200: {"content": {"application/zip": {}}}})
def export(request: Request, ctx: Caller, rpc: Rpc) -> StreamingResponse:
    admin = _admin(request)
    require_admin(ctx.principal)
    services: tuple[str, ...] = request.app.state.tenant_data_services
    documents: Mapping[str, DocumentStore] = request.app.state.documents
    spool = build_export(admin, rpc, ctx, services, documents)
    tenant = ctx.principal.tenant_id
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return StreamingResponse(_chunks(spool), media_type="application/zip", headers={
        "Content-Disposition": f'attachment; filename="renoflow-{tenant}-{stamp}.zip"',
        "Cache-Control": "no-store"})


#: The JSON body of each admin POST, published in /openapi.json (the routes validate it themselves).
BODIES = {("post", "/api/v1/admin/stores"): AddStore, ("post", "/api/v1/admin/users"): AddUser,
          ("post", "/api/v1/admin/users/{username}/reset-password"): ResetPassword,
          ("put", "/api/v1/admin/settings"): HqSettings, ("put", "/api/v1/admin/stores/{code}/settings"): SettingValues}


def document_admin_bodies(app: FastAPI) -> None:
    """Publish the admin requests' schemas as their ``requestBody`` (validated by hand, for problem+json)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for (method, path), model in BODIES.items():
            body = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(body.pop("$defs", {}))
            components[model.__name__] = body
            operation = schema["paths"].get(path, {}).get(method)
            if operation is not None:
                operation["requestBody"] = {"required": True, "content": {"application/json": {
                    "schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}}
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def build_export(admin: TenantAdministration, rpc: Any, ctx: CallContext, services: tuple[str, ...],
                 documents: Mapping[str, DocumentStore]) -> IO[bytes]:
    """The tenant's zip: ``<service>.json`` per service, ``gateway.json``, ``documents/…``, ``manifest.json``."""
    tenant = ctx.principal.tenant_id
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - streamed, then closed
    manifest: dict[str, Any] = {"tenant_id": tenant, "exported_at": datetime.now(UTC).isoformat(),
                                "rows": {}, "documents": []}
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for service in services:
            answer = rpc.call(service, "export_tenant_data", ctx)
            archive.writestr(f"{service}.json", _json(answer))
            manifest["rows"][service] = {table: len(rows) for table, rows in answer["tables"].items()}
        gateway = {"tenant_id": tenant, "tables": admin.directory.export_tenant(tenant),
                   "accounts": admin.users(ctx.principal)["items"]}
        archive.writestr("gateway.json", _json(gateway))
        manifest["rows"]["gateway"] = {table: len(rows) for table, rows in gateway["tables"].items()}
        for service, store in documents.items():
            if not isinstance(store, TenantDocuments):
                continue
            for key in store.keys(tenant):
                digest = hashlib.sha256()
                size = 0
                with archive.open(f"documents/{service}/{key}", "w", force_zip64=True) as out:
                    for chunk in store.open_stream(tenant, key):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                manifest["documents"].append({"service": service, "key": key, "size": size,
                                              "sha256": digest.hexdigest()})
        archive.writestr("manifest.json", _json(manifest))
    spool.seek(0)
    return spool


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)


def _chunks(spool: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := spool.read(CHUNK_BYTES):
            yield chunk
    finally:
        spool.close()
