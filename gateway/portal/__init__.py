"""The staff portal: a small single-page app served at ``/`` that talks to the same API."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"


def mount_portal(app: FastAPI) -> None:
    """Serve the portal page at ``/`` and its assets under ``/portal``."""
    app.mount("/portal", StaticFiles(directory=STATIC), name="portal")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")
