"""Requests, latency and errors per route template, as OpenTelemetry metrics (decision 0039).

A plain ASGI middleware rather than an instrumentation's HTTP metrics, which carry the host,
port and server name of each request as attributes, and nothing for a path that matched no
route. Here a request is counted under the template of the route that served it
(``/api/v1/contracts/{contract_id}``), ``(unmatched)`` when none did, so a scan of random paths
adds no series. FastAPI's own telemetry makes the traces, with its metrics off (gateway/app.py).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from shared.observability.metrics import platform_metrics

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

UNMATCHED = "(unmatched)"


def route_template(scope: Scope) -> str:
    """The template of the route that served the request (the router leaves it in the scope)."""
    path = getattr(scope.get("route"), "path_format", None)
    if isinstance(path, str) and path:
        return path
    if scope.get("endpoint") is not None:
        # A mount (the portal's files) leaves no route, only its app and its path as root_path:
        # one series for everything below it.
        return f"{scope.get('root_path', '')}/{{path}}"
    return UNMATCHED


class HttpMetricsMiddleware:
    """Counts each HTTP request once it is answered (or failed): route, method, status class, time."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # an exception that escapes every handler is answered 500 further out

        async def send_counting(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_counting)
        finally:
            platform_metrics().http_request(route=route_template(scope), method=str(scope.get("method", "")),
                                            status=status, seconds=time.perf_counter() - started)
