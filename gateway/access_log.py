"""One access line per request, written inside the request's trace span and naming the caller's tenant.

uvicorn's own access line is written by the server after the application has returned, outside
the span the OpenTelemetry middleware opened, and knows nothing of tokens: its records would carry
neither trace nor tenant id. So the gateway turns it off (``access_log=False``) and writes this one.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.observability.logs import current_tenant

log = logging.getLogger("gateway.access")

#: Where the authentication dependency leaves the caller's tenant for this line (the ASGI scope is
#: the one object the dependency, run in a worker thread, and this middleware both see).
TENANT_SCOPE_KEY = "renoflow.tenant_id"

#: Probes every few seconds would bury the requests (the tracing leaves them out too).
QUIET_PATHS = frozenset({"/healthz", "/readyz"})


def remember_tenant(scope: dict[str, Any], tenant_id: str) -> None:
    """Note the authenticated caller's tenant for the access line."""
    scope[TENANT_SCOPE_KEY] = tenant_id


class AccessLog:
    """ASGI middleware: ``METHOD path status duration`` once the response has started or failed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in QUIET_PATHS:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets when the application raises before answering

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            token = current_tenant.set(scope.get(TENANT_SCOPE_KEY))
            try:
                # The path without its query: a query string may hold what should not be logged.
                log.info("%s %s %d %.1fms", scope.get("method"), scope.get("path"), status,
                         (time.perf_counter() - started) * 1000)
            finally:
                current_tenant.reset(token)
