"""The request bodies of ``/openapi.json``, documented from the services' own commands.

The gateway takes each body as a JSON object and leaves validation to the service that owns the
rule (it imports no service code); this composition root, which may import both, puts the
services' pydantic command schemas into the published document so clients see every field.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel

REQUEST_BODIES: dict[tuple[str, str], type[BaseModel]] = {
}


def document_request_bodies(app: FastAPI) -> None:
    """Make ``app.openapi()`` describe each JSON body with its command's schema."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for (method, path), model in REQUEST_BODIES.items():
            operation = schema["paths"][path][method]
            body = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(body.pop("$defs", {}))
            components[model.__name__] = body
            operation["requestBody"] = {"required": True, "content": {"application/json": {
                "schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}}
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
