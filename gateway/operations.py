"""Routes built from the services' operation declarations (:mod:`shared.messaging.operations`).

The gateway imports no service code: the composition root hands it each public operation (name,
route, command and result schemas) and this module turns it into one FastAPI route that forwards
the caller's fields to the owning service. The body stays a plain JSON object here; the service
validates it into its command, so every rule and its id stay in the service. The command's schema
is still what ``/openapi.json`` publishes for the body, and the result model its response.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Annotated, Any

from annotated_types import Ge, Gt, Le, Lt, MaxLen, MinLen
from fastapi import APIRouter, Body, FastAPI, Path, Query, Request
from fastapi.responses import JSONResponse

from gateway.deps import AuthorizationHeader, IdempotencyKeyHeader, Rpc, get_context
from shared.errors import InvalidInput
from shared.messaging.operations import PublicOperation

JsonObject = Annotated[dict[str, Any] | None, Body()]
#: annotated-types constraints of a command field, by the ``Query`` argument that publishes them.
_QUERY_LIMITS = {Ge: "ge", Le: "le", Gt: "gt", Lt: "lt", MinLen: "min_length", MaxLen: "max_length"}


def operation_router(operations: Iterable[PublicOperation]) -> APIRouter:
    """One ``/api/v1`` route per public operation."""
    router = APIRouter(prefix="/api/v1")
    for op in operations:
        router.add_api_route(
            op.route.path, _endpoint(op), methods=[op.route.method], status_code=op.route.status,
            response_model=op.result, summary=op.summary, tags=[op.service], name=op.rpc_name,
        )
    return router


def document_bodies(app: FastAPI, operations: Iterable[PublicOperation]) -> None:
    """Make ``app.openapi()`` describe each operation's JSON body with its command's schema.

    FastAPI sees only a JSON object (the service validates it), so the command's schema, less
    the fields the URL carries, is put into the published document under the command's name.
    """
    generate = app.openapi
    bodies = [(op, fields) for op in operations if (fields := _body_fields(op)) and op.route.method in ("POST", "PUT")]

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for op, fields in bodies:
            body = op.command.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(body.pop("$defs", {}))
            components[op.command.__name__] = _without(body, set(op.command.model_fields) - fields)
            required = not op.route.optional_body and bool(components[op.command.__name__].get("required"))
            schema["paths"][f"/api/v1{op.route.path}"][op.route.method.lower()]["requestBody"] = {
                "required": required, "content": {"application/json": {
                    "schema": {"$ref": f"#/components/schemas/{op.command.__name__}"}}}}
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _endpoint(op: PublicOperation) -> Any:
    route = op.route
    has_body = route.method in ("POST", "PUT") and bool(_body_fields(op))

    def endpoint(rpc: Rpc, request: Request, authorization: str | None, idempotency_key: str | None,
                 **params: Any) -> JSONResponse:
        # The caller is authenticated here rather than in a ``Caller`` dependency: a plain ``def``
        # dependency runs in its own trip to the thread pool, and this endpoint is already in it.
        ctx = get_context(request, authorization, idempotency_key)
        body = params.pop("body", None) or {}
        for name in (*route.path_params, *route.query):
            if name in body:
                raise InvalidInput(f"{name} comes from the URL, not the body", rule="P05", field=name)
        fields = {**body, **{name: value for name, value in params.items() if value is not None}}
        answer = rpc.call(op.service, op.rpc_name, ctx, **fields)
        # Already checked against the result model by the service: sent as it is.
        return JSONResponse(answer, status_code=route.status)

    parameters = [
        inspect.Parameter("rpc", inspect.Parameter.KEYWORD_ONLY, annotation=Rpc),
        inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
        inspect.Parameter("authorization", inspect.Parameter.KEYWORD_ONLY, annotation=AuthorizationHeader,
                          default=None),
        inspect.Parameter("idempotency_key", inspect.Parameter.KEYWORD_ONLY, annotation=IdempotencyKeyHeader,
                          default=None),
    ]
    for name in route.path_params:
        parameters.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY,
                                            annotation=Annotated[str, Path(max_length=200)]))
    for name in route.query:
        info = op.command.model_fields[name]
        # The command's limits go into the published parameter too; the service checks them again.
        limits = {_QUERY_LIMITS[type(m)]: getattr(m, _QUERY_LIMITS[type(m)]) for m in info.metadata
                  if type(m) in _QUERY_LIMITS}
        if info.alias:  # a parameter named by a Python keyword (``from``) is the field ``from_``
            limits["alias"] = info.alias
        if info.is_required():
            annotation: Any = Annotated[info.annotation, Query(**limits)]
            parameters.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation))
        else:
            annotation = Annotated[info.annotation | None, Query(**limits)]  # type: ignore[operator]
            parameters.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation,
                                                default=info.default))
    if has_body:
        parameters.append(inspect.Parameter("body", inspect.Parameter.KEYWORD_ONLY, annotation=JsonObject,
                                            default=None))
    endpoint.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    endpoint.__name__ = op.rpc_name
    return endpoint


def _body_fields(op: PublicOperation) -> set[str]:
    return set(op.command.model_fields) - set(op.route.path_params) - set(op.route.query)


def _without(schema: dict[str, Any], exclude: set[str]) -> dict[str, Any]:
    for name in exclude:
        schema.get("properties", {}).pop(name, None)
    schema["required"] = [r for r in schema.get("required", []) if r not in exclude]
    if not schema["required"]:
        del schema["required"]
    return schema
