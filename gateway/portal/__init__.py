"""The staff portal: a Vue 3 single-page app served at ``/`` that talks to the same API.

Its source is ``portal/`` at the repository root; ``npm run build`` there writes the bundle into
``static/dist``, which is committed so that an install needs no Node (decision 0023).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

DIST = Path(__file__).parent / "static" / "dist"


def mount_portal(app: FastAPI, auth: Mapping[str, str] | None = None) -> None:
    """Serve the portal page at ``/``, its hashed assets under ``/portal`` and its sign-in settings.

    ``/portal-auth.json`` tells the portal where to sign in (issuer, client id, authorize, token
    and logout endpoints), so one bundle works against Keycloak and the embedded provider alike.
    """
    settings = dict(auth or {})

    @app.get("/portal-auth.json", include_in_schema=False)
    def portal_auth() -> JSONResponse:
        if not settings:
            return JSONResponse({"detail": "no sign-in configured"}, status_code=404)
        return JSONResponse(settings, headers={"Cache-Control": "no-cache"})

    app.mount("/portal", StaticFiles(directory=DIST), name="portal")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        # The page names the hashed assets of the build it came with: never served stale.
        return FileResponse(DIST / "index.html", headers={"Cache-Control": "no-cache"})
