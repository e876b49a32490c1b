"""Keycloak's realm paths, served by the platform itself in embedded mode (same port as the API)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from renoflow.identity.provider import EmbeddedIdentityProvider, OAuthError

# RFC 6749 §5.1: token responses must not be cached.
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def build_identity_router(provider: EmbeddedIdentityProvider) -> APIRouter:
    """The discovery, certs, token and userinfo endpoints of ``/realms/{realm}``."""
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
            "token_endpoint": f"{base}/protocol/openid-connect/token",
            "userinfo_endpoint": f"{base}/protocol/openid-connect/userinfo",
            "jwks_uri": f"{base}/protocol/openid-connect/certs",
            "grant_types_supported": ["password", "refresh_token"],
            "response_types_supported": ["token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["none"],
            "scopes_supported": ["openid", "profile", "email"],
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "preferred_username", "name",
                                 "email", "realm_access", "organization", "stores"],
        }

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
        """Password and refresh-token grants, with errors in Keycloak's body shape."""
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
