"""Refuse URLs carrying a NUL character before they reach a service (P05).

A ``%00`` in a path id or a query parameter (a cursor, a filter) is no id any record has, but
PostgreSQL cannot even compare such text, so it would answer 500 in distributed mode instead of
400 or 404. Pure ASGI, so request bodies (uploads) pass through unread.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.problems import problem


class RefuseNulInUrl:
    """ASGI middleware: 400 problem+json for a request whose path or query holds a NUL."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _has_nul(scope):
            response = problem(400, "Bad request", "the URL must not contain NUL characters (%00)", rule="P05")
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _has_nul(scope: dict[str, Any]) -> bool:
    query: bytes = scope.get("query_string") or b""
    return "\x00" in str(scope.get("path", "")) or b"%00" in query or b"\x00" in query


def install(app: FastAPI) -> None:
    """Add the guard to the gateway."""
    app.add_middleware(RefuseNulInUrl)
