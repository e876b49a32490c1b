"""Keycloak's realm paths, served by the platform itself in embedded mode (same port as the API)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from renoflow.identity.authorization import AuthorizationError, RedirectedError
from renoflow.identity.login_page import HEADERS, error_page, login_page
from renoflow.identity.provider import EmbeddedIdentityProvider, OAuthError
from shared.settings import Settings

#: Keycloak's endpoint paths below an issuer; the embedded provider serves the same ones.
OIDC_PATHS = {
    "authorization_endpoint": "/protocol/openid-connect/auth",
    "token_endpoint": "/protocol/openid-connect/token",
    "end_session_endpoint": "/protocol/openid-connect/logout",
}
_AUTH = OIDC_PATHS["authorization_endpoint"]

# RFC 6749 §5.1: token responses must not be cached.
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def portal_auth_config(settings: Settings, *, served_here: bool) -> dict[str, str]:
    """What the portal needs to sign in: the issuer, its client and its endpoints.

    Keycloak's endpoints are absolute (another origin). The embedded provider's are paths: it is
    served by the gateway that serves the portal, so the browser stays on the portal's origin
    whichever name (localhost, 127.0.0.1) it was opened with, and no CORS is involved.
    """
    base = "" if served_here else settings.issuer
    prefix = f"/realms/{settings.oidc_realm}" if served_here else ""
    return {"issuer": settings.issuer, "client_id": settings.oidc_client_id,
            **{name: f"{base}{prefix}{path}" for name, path in OIDC_PATHS.items()}}


def login_hint(settings: Settings) -> str:
    """The demo accounts under the login form; none in production, where no demo user exists."""
    return "" if settings.environment == "production" else "演示账号：designer-a / demo，finance-a / demo，hq / demo"


def build_identity_router(provider: EmbeddedIdentityProvider, *, hint: str = "") -> APIRouter:
    """The discovery, authorize (login page), token, certs, userinfo and logout endpoints of ``/realms/{realm}``.

    ``hint`` is a line under the login form (the demo accounts, outside production).
    """
    router = APIRouter(prefix="/realms/{realm}", tags=["identity"])
    base = provider.issuer

    def check_realm(realm: str) -> None:
        if realm != provider.realm:
            raise OAuthError(404, "Realm does not exist", "Realm does not exist")

    @router.get("/.well-known/openid-configuration")
    def openid_configuration(realm: str) -> Any:
        """OpenID Provider metadata (only what the embedded provider really serves)."""
        try:
            check_realm(realm)
        except OAuthError as err:
            return _error(err)
        return {
            "issuer": base,
            **{name: f"{base}{path}" for name, path in OIDC_PATHS.items()},
            "userinfo_endpoint": f"{base}/protocol/openid-connect/userinfo",
            "jwks_uri": f"{base}/protocol/openid-connect/certs",
            "grant_types_supported": ["authorization_code", "password", "refresh_token"],
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "code_challenge_methods_supported": ["S256"],
            "authorization_response_iss_parameter_supported": True,
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["none"],
            "scopes_supported": ["openid", "profile", "email"],
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "preferred_username", "name",
                                 "email", "realm_access", "organization", "stores"],
        }

    @router.get(_AUTH, response_model=None)
    def authorize(realm: str, request: Request) -> HTMLResponse | RedirectResponse:
        """The authorization endpoint: checks the request, then shows the login page."""
        try:
            check_realm(realm)
            auth = provider.authorization_request(dict(request.query_params))
        except (OAuthError, AuthorizationError) as err:
            return HTMLResponse(error_page(err.description), status_code=400, headers=HEADERS)
        except RedirectedError as err:
            return RedirectResponse(err.location, status_code=303)
        return HTMLResponse(login_page(str(request.url.path), auth, hint=hint), headers=HEADERS)

    @router.post(_AUTH, response_model=None)
    async def sign_in(realm: str, request: Request) -> HTMLResponse | RedirectResponse:
        """The login form's POST: on the right password, back to the client with a one-time code."""
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        try:
            check_realm(realm)
            auth = provider.authorization_request(form)
        except (OAuthError, AuthorizationError) as err:
            return HTMLResponse(error_page(err.description), status_code=400, headers=HEADERS)
        except RedirectedError as err:
            return RedirectResponse(err.location, status_code=303)
        username = form.get("username", "")
        try:
            # scrypt is CPU-bound: keep it off the event loop.
            location = await run_in_threadpool(provider.login, auth, username, form.get("password", ""))
        except OAuthError as err:
            message = "账号已停用" if err.status == 400 else "用户名或密码错误"
            return HTMLResponse(login_page(str(request.url.path), auth, username=username[:255], error=message,
                                           hint=hint), status_code=err.status, headers=HEADERS)
        # 303: the browser follows with a GET, never re-posting the password to the client.
        return RedirectResponse(location, status_code=303, headers={"Cache-Control": "no-store"})

    @router.get(OIDC_PATHS["end_session_endpoint"], response_model=None)
    def logout(realm: str, request: Request) -> HTMLResponse | RedirectResponse:
        """RP-initiated logout: back to a registered portal address (no session is kept here)."""
        try:
            check_realm(realm)
            return RedirectResponse(provider.end_session_target(dict(request.query_params)), status_code=303)
        except OAuthError as err:
            return HTMLResponse(error_page(err.description), status_code=400, headers=HEADERS)

    @router.get("/protocol/openid-connect/certs")
    def certs(realm: str) -> Any:
        """The public signing keys."""
        try:
            check_realm(realm)
        except OAuthError as err:
            return _error(err)
        return provider.jwks()

    @router.post("/protocol/openid-connect/token")
    async def token(realm: str, request: Request) -> Any:
        """Code (PKCE), password and refresh-token grants, with errors in Keycloak's body shape."""
        # The form is read by hand so a missing field answers like Keycloak, not with FastAPI's 422.
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        try:
            check_realm(realm)
            # scrypt is CPU-bound: keep it off the event loop.
            return JSONResponse(await run_in_threadpool(provider.token, form), headers=_NO_STORE)
        except OAuthError as err:
            return _error(err, _NO_STORE)

    @router.get("/protocol/openid-connect/userinfo")
    def userinfo(realm: str, authorization: Annotated[str | None, Header()] = None) -> Any:
        """The signed-in user's profile claims for a bearer access token."""
        try:
            check_realm(realm)
            scheme, _, value = (authorization or "").partition(" ")
            if scheme.lower() != "bearer" or not value.strip():
                raise OAuthError(401, "invalid_token", "Missing bearer token")
            return provider.userinfo(value.strip())
        except OAuthError as err:
            headers = {"WWW-Authenticate": f'Bearer error="{err.error}"'} if err.status == 401 else None
            return _error(err, headers)

    return router


def _error(err: OAuthError, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(err.body(), status_code=err.status, headers=headers)
