"""The embedded identity provider: Keycloak's code (PKCE), password and refresh grants, token shape and keys."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import jwt

from renoflow.identity.authorization import (
    AuthorizationCodes,
    AuthorizationRequest,
    default_redirect_uris,
    parse_request,
    redirect_with,
    verifier_matches,
)
from renoflow.identity.keys import SigningKey
from renoflow.identity.lockout import BruteForcePolicy, LoginFailures
from renoflow.identity.users import IdentityUser, UserStore
from shared.persistence.files import private_dir
from shared.settings import Settings

#: Audiences of an access token: ours via the realm import's Audience mapper, plus Keycloak's
#: "account" (present on every Keycloak access token while the account client role mapping exists).
ACCESS_AUDIENCE = ("renoflow-api", "account")


class OAuthError(Exception):
    """An OAuth 2.0 error in Keycloak's body shape: ``{"error": …, "error_description": …}``."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description

    def body(self) -> dict[str, str]:
        """The JSON body Keycloak answers with."""
        return {"error": self.error, "error_description": self.description}


class EmbeddedIdentityProvider:
    """A stand-in for Keycloak 26 with one realm and one public client (``renoflow-web``)."""

    def __init__(self, settings: Settings, *, users: UserStore | None = None,
                 key: SigningKey | None = None, refresh_token_minutes: int = 8 * 60,
                 clock: Callable[[], float] = time.time) -> None:
        self.environment = settings.environment
        self.issuer = settings.issuer
        self.realm = settings.oidc_realm
        self.client_id = settings.oidc_client_id
        self.access_token_seconds = settings.access_token_minutes * 60
        # A refresh token outlives the access token (a working day) so the portal can stay signed in.
        self.refresh_token_seconds = max(refresh_token_minutes * 60, 2 * self.access_token_seconds)
        private_dir(settings.data_dir)
        self.key = key or SigningKey.load_or_create(settings.data_dir / "identity")
        self.users = users or UserStore(f"sqlite:///{(settings.data_dir / 'identity.db').resolve()}")
        self.users.ensure_schema()
        self.login_failures = LoginFailures(self.users.engine, BruteForcePolicy.from_settings(settings), clock)
        # The portal's exact addresses, as the realm import lists them for Keycloak.
        self.redirect_uris = (frozenset(settings.oidc_redirect_uris)
                              or default_redirect_uris(settings.host, settings.port))
        self.codes = AuthorizationCodes(self.users.engine, clock=clock)

    def jwks(self) -> dict[str, Any]:
        """The public key set (the ``certs`` endpoint)."""
        return self.key.jwks()

    fetch = jwks  # so the provider itself is a gateway JwksSource, without an HTTP round trip

    def token(self, form: Mapping[str, str]) -> dict[str, Any]:
        """The token endpoint: ``authorization_code`` (PKCE), ``password`` and ``refresh_token`` grants."""
        if form.get("client_id") != self.client_id:
            raise OAuthError(401, "invalid_client", "Invalid client or Invalid client credentials")
        grant = form.get("grant_type")
        if not grant:
            raise OAuthError(400, "invalid_request", "Missing form parameter: grant_type")
        if grant == "authorization_code":
            return self.code_grant(form)
        if grant == "password":
            return self.password_grant(form.get("username", ""), form.get("password", ""),
                                       scope=form.get("scope", ""))
        if grant == "refresh_token":
            return self.refresh_grant(form.get("refresh_token", ""))
        raise OAuthError(400, "unsupported_grant_type", "Unsupported grant_type")

    def password_grant(self, username: str, password: str, *, scope: str = "") -> dict[str, Any]:
        """Direct access grant: check the credentials and issue tokens.

        A locked user (brute-force protection, lockout.py) gets the answer of a wrong password,
        even for the right one, after the same password check: neither the body nor the time
        tells an attacker that the lock, not the guess, refused them.
        """
        user = self.authenticate(username, password)
        return self.issue_tokens(user, scope=_granted(scope))

    def authenticate(self, username: str, password: str) -> IdentityUser:
        """The enabled user with this password, through the brute-force lock; else :class:`OAuthError`."""
        if not (username and password) or len(username) > 255 or len(password) > 1024:
            raise OAuthError(401, "invalid_grant", "Invalid user credentials")
        user, matches = self.users.check_password(username, password)
        if user is None or not self.login_failures.admit(user.user_id, matches):
            raise OAuthError(401, "invalid_grant", "Invalid user credentials")
        if not user.enabled:
            raise OAuthError(400, "invalid_grant", "Account disabled")
        return user

    def authorization_request(self, params: Mapping[str, str]) -> AuthorizationRequest:
        """Check an authorize request (client, exact redirect URI, S256 challenge); see authorization.py."""
        return parse_request(params, client_id=self.client_id, redirect_uris=self.redirect_uris,
                             issuer=self.issuer)

    def login(self, request: AuthorizationRequest, username: str, password: str) -> str:
        """Sign the user in on the login page: where the browser goes next, with a one-time code."""
        user = self.authenticate(username, password)
        code = self.codes.issue(request, user.user_id)
        return redirect_with(request.redirect_uri, {"code": code, "state": request.state, "iss": self.issuer})

    def code_grant(self, form: Mapping[str, str]) -> dict[str, Any]:
        """Exchange a code: same client, same redirect URI, and the verifier of its S256 challenge."""
        code = form.get("code", "")
        if not code:
            raise OAuthError(400, "invalid_request", "Missing parameter: code")
        issued = self.codes.redeem(code)
        if issued is None or issued.client_id != form.get("client_id"):
            raise OAuthError(400, "invalid_grant", "Code not valid")
        if form.get("redirect_uri") != issued.redirect_uri:
            raise OAuthError(400, "invalid_grant", "Incorrect redirect_uri")
        verifier = form.get("code_verifier", "")
        if not verifier:
            raise OAuthError(400, "invalid_grant", "PKCE code verifier not specified")
        if not verifier_matches(verifier, issued.code_challenge):
            raise OAuthError(400, "invalid_grant", "PKCE verification failed: Code mismatch")
        user = self.users.get(issued.user_id)
        if user is None or not user.enabled:
            raise OAuthError(400, "invalid_grant", "User not found or disabled")
        return self.issue_tokens(user, scope=_granted(issued.scope), session_id=issued.session_id,
                                 nonce=issued.nonce, auth_time=issued.auth_time)

    def end_session_target(self, params: Mapping[str, str]) -> str:
        """Where the logout endpoint sends the browser: a registered address of the portal only."""
        target = params.get("post_logout_redirect_uri", "")
        if params.get("client_id", self.client_id) != self.client_id or target not in self.redirect_uris:
            raise OAuthError(400, "invalid_redirect_uri", "Invalid redirect uri")
        # No browser session to end: the embedded provider keeps none between logins.
        return redirect_with(target, {"state": params.get("state", "")})

    def refresh_grant(self, refresh_token: str) -> dict[str, Any]:
        """New tokens for a valid refresh token; roles and stores are re-read from the user store."""
        try:
            claims = self._decode(refresh_token, audience=self.issuer, typ="Refresh")
        except jwt.ExpiredSignatureError as exc:
            raise OAuthError(400, "invalid_grant", "Token is not active") from exc
        except jwt.PyJWTError as exc:
            raise OAuthError(400, "invalid_grant", "Invalid refresh token") from exc
        if claims.get("azp") != self.client_id:
            raise OAuthError(400, "invalid_grant", "Invalid refresh token. Token client and authorized "
                                                   "client don't match")
        user = self.users.get(claims["sub"])
        if user is None or not user.enabled:
            raise OAuthError(400, "invalid_grant", "User not found or disabled")
        return self.issue_tokens(user, scope=str(claims.get("scope", "profile email")),
                                 session_id=str(claims.get("sid") or uuid.uuid4()))

    def issue_tokens(self, user: IdentityUser, *, scope: str = "profile email",
                     session_id: str | None = None, nonce: str = "",
                     auth_time: int | None = None) -> dict[str, Any]:
        """An access and a refresh token (and an ID token for scope ``openid``), shaped as Keycloak's."""
        now = int(time.time())
        sid = session_id or str(uuid.uuid4())
        access = {
            "exp": now + self.access_token_seconds, "iat": now, "jti": str(uuid.uuid4()),
            "iss": self.issuer, "aud": list(ACCESS_AUDIENCE), "sub": user.user_id, "typ": "Bearer",
            "azp": self.client_id, "sid": sid, "acr": "1", "scope": scope,
            "realm_access": {"roles": list(user.roles)},
            "email_verified": bool(user.email), "name": user.display_name,
            "preferred_username": user.username, "email": user.email,
            "organization": [user.organization], "stores": list(user.stores),
        }
        # Like Keycloak's, the refresh token's audience is the realm itself, so it is never
        # accepted where an access token for renoflow-api is expected.
        refresh = {
            "exp": now + self.refresh_token_seconds, "iat": now, "jti": str(uuid.uuid4()),
            "iss": self.issuer, "aud": self.issuer, "sub": user.user_id, "typ": "Refresh",
            "azp": self.client_id, "sid": sid, "scope": scope,
        }
        response = {
            "access_token": self._sign(access), "expires_in": self.access_token_seconds,
            "refresh_expires_in": self.refresh_token_seconds, "refresh_token": self._sign(refresh),
            "token_type": "Bearer", "not-before-policy": 0, "session_state": sid, "scope": scope,
        }
        if "openid" in scope.split():
            # typ "ID" and aud = the client: the gateway refuses it as an access token.
            identity = {
                "exp": now + self.access_token_seconds, "iat": now, "auth_time": auth_time or now,
                "jti": str(uuid.uuid4()), "iss": self.issuer, "aud": self.client_id, "sub": user.user_id,
                "typ": "ID", "azp": self.client_id, "sid": sid, "acr": "1",
                "preferred_username": user.username, "name": user.display_name, "email": user.email,
                **({"nonce": nonce} if nonce else {}),
            }
            response["id_token"] = self._sign(identity)
        return response

    def userinfo(self, access_token: str) -> dict[str, Any]:
        """The userinfo endpoint's claims for a valid access token of this realm."""
        try:
            claims = self._decode(access_token, audience=ACCESS_AUDIENCE[0], typ="Bearer")
        except jwt.PyJWTError as exc:
            raise OAuthError(401, "invalid_token", "Token verification failed") from exc
        user = self.users.get(claims["sub"])
        if user is None or not user.enabled:
            raise OAuthError(401, "invalid_token", "User not found or disabled")
        return {"sub": user.user_id, "preferred_username": user.username, "name": user.display_name,
                "email": user.email, "email_verified": bool(user.email),
                "organization": [user.organization]}

    def _sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self.key.private_key, algorithm="RS256",
                          headers={"kid": self.key.kid, "typ": "JWT"})

    def _decode(self, token: str, *, audience: str, typ: str) -> dict[str, Any]:
        claims: dict[str, Any] = jwt.decode(
            token, self.key.private_key.public_key(), algorithms=["RS256"], audience=audience,
            issuer=self.issuer, options={"require": ["exp", "iat", "iss", "aud", "sub", "typ"]})
        if claims["typ"] != typ:
            raise jwt.InvalidTokenError(f"not a {typ} token")
        return claims


def _granted(requested: str) -> str:
    """The scope a token carries: ``openid`` only when asked for, as Keycloak does."""
    return "openid profile email" if "openid" in requested.split() else "profile email"
