"""The staff portal: a Vue 3 single-page app served at ``/`` that talks to the same API.

Its source is ``portal/`` at the repository root; ``npm run build`` there writes the bundle into
``static/dist``, which is committed so that an install needs no Node (decision 0023).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

DIST = Path(__file__).parent / "static" / "dist"


def mount_portal(app: FastAPI) -> None:
    """Serve the portal page at ``/`` and its hashed assets under ``/portal``."""
    app.mount("/portal", StaticFiles(directory=DIST), name="portal")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        # The page names the hashed assets of the build it came with: never served stale.
        return FileResponse(DIST / "index.html", headers={"Cache-Control": "no-cache"})
