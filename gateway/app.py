"""The gateway application: REST API, health, portal. Built around ports, so either run mode fits."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol

from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from fastapi.telemetry import TelemetryConfig
from starlette.types import Scope

from gateway import problems, url_guard
from gateway.access_log import AccessLog
from gateway.admin.service import TenantAdministration
from gateway.metrics import HttpMetricsMiddleware
from gateway.operations import document_bodies, operation_router
from gateway.portal import mount_portal
from gateway.routes import admin as admin_routes
from gateway.routes import contracts, me
from gateway.uploads import UploadPolicy
from shared.documents.store import DocumentStore
from shared.identity.context import Principal
from shared.messaging.operations import PublicOperation
from shared.messaging.ports import RpcClient

API_ROUTERS: tuple[APIRouter, ...] = (
    me.router, contracts.router, admin_routes.router, admin_routes.settings_router)


def _not_traced(scope: Scope) -> bool:
    # Probes every few seconds would bury the requests in the traces.
    return scope.get("path") in ("/healthz", "/readyz")


#: FastAPI's own OpenTelemetry server spans, one per request, named by method and route template
#: and continuing a caller's ``traceparent`` (P04). Traces only: the HTTP metrics come from
#: HttpMetricsMiddleware, bounded by route template (decision 0039), and the logs from the
#: platform's JSON lines. No spans per dependency, endpoint and serialisation: they cost more of
#: a read than they tell (decision 0042).
TELEMETRY: TelemetryConfig = {"tracing": True, "metrics": False, "logs": False, "operation_spans": False,
                              "exclude": _not_traced}


class Authenticator(Protocol):
    def authenticate(self, authorization: str | None) -> Principal: ...


def create_app(
    *,
    rpc: RpcClient,
    authenticator: Authenticator,
    readiness: Callable[[], dict[str, bool]],
    extra_routers: Iterable[APIRouter] = (),
    documents: Mapping[str, DocumentStore] | None = None,
    uploads: UploadPolicy | None = None,
    operations: Sequence[PublicOperation] = (),
    title: str = "RenoFlow",
    admin: TenantAdministration | None = None,
    tenant_data_services: Sequence[str] = (),
    document_owners: Sequence[str] = ("contracts",),
    portal_auth: Mapping[str, str] | None = None,
) -> FastAPI:
    """Build the gateway around an RPC client, a token authenticator and a readiness probe.

    ``operations`` are the services' declared public operations; each becomes one route.

    ``documents`` are the services' document stores by service name: uploads stream to them and
    downloads from them, so file bytes never travel inside an RPC call. ``document_owners`` are
    the services with a ``document_content`` operation, in the order a download asks them.

    ``admin`` serves ``/api/v1/admin/…``; ``tenant_data_services`` are the services whose
    ``export_tenant_data`` the tenant's export collects.

    ``portal_auth`` is what the portal signs in with (issuer, client, endpoints), served to it
    as ``/portal-auth.json``.
    """
    app = FastAPI(
        telemetry=TELEMETRY,
        title=title, version="0.1.0",
        description="RenoFlow 家装业务平台 API: leads to warranty for home-renovation companies.",
    )
    app.state.rpc = rpc
    app.state.authenticator = authenticator
    app.state.documents = dict(documents or {})
    app.state.document_owners = tuple(document_owners)
    app.state.uploads = uploads or UploadPolicy()
    app.state.admin = admin
    app.state.tenant_data_services = tuple(tenant_data_services)
    problems.install(app)
    url_guard.install(app)

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["ops"])
    def readyz() -> Any:
        checks = readiness()
        ok = all(checks.values())
        return JSONResponse({"status": "ready" if ok else "not_ready", "checks": checks},
                            status_code=200 if ok else 503)

    for router in (operation_router(operations), *API_ROUTERS, *extra_routers):
        app.include_router(router)
    document_bodies(app, operations)
    admin_routes.document_admin_bodies(app)
    mount_portal(app, portal_auth)
    # Inside FastAPI's server span (which wraps the whole stack), so the line has the trace id.
    app.add_middleware(AccessLog)
    app.add_middleware(HttpMetricsMiddleware)
    return app
