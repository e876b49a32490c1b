"""The authorization-code flow with PKCE of the embedded provider (RFC 6749 §4.1, RFC 7636 S256).

The portal signs in the same way against Keycloak and against this provider: it sends the
browser to the authorize endpoint, the user types the password into the provider's own page (never
into the portal), and the portal exchanges the one-time code for tokens with its code verifier.
What Keycloak checks is checked here too: the client, the exact redirect URI, PKCE with S256 only,
a code that lives 60 s and works once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from sqlalchemy import Engine, delete
from sqlalchemy.orm import sessionmaker

from renoflow.identity.users import AuthorizationCodeRow

#: Keycloak's default "Client login timeout": a code not exchanged within a minute is dead.
CODE_SECONDS = 60
#: RFC 7636 §4.1: 43–128 characters of the unreserved set.
_VERIFIER = re.compile(r"[A-Za-z0-9\-._~]{43,128}")
#: BASE64URL(SHA-256(verifier)) without padding is always 43 characters.
_CHALLENGE = re.compile(r"[A-Za-z0-9\-_]{43}")
#: Free-text parameters echoed into a page or a redirect are bounded, so nobody stores a novel.
_MAX_PARAM = 512


class AuthorizationError(Exception):
    """An authorization request that must not be redirected: unknown client or redirect URI.

    RFC 6749 §4.1.2.1: sending the browser to an unchecked URI would make the provider an open
    redirector, so the provider shows the error itself.
    """

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


class RedirectedError(Exception):
    """An error of a request whose client and redirect URI are valid: reported to the client."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


@dataclass(frozen=True)
class AuthorizationRequest:
    """A checked authorization request; the login page carries its fields through the POST."""

    client_id: str
    redirect_uri: str
    code_challenge: str
    state: str = ""
    scope: str = ""
    nonce: str = ""

    def fields(self) -> dict[str, str]:
        """The request as the hidden fields of the login form (and the query of its GET)."""
        return {"response_type": "code", "client_id": self.client_id, "redirect_uri": self.redirect_uri,
                "code_challenge": self.code_challenge, "code_challenge_method": "S256",
                "state": self.state, "scope": self.scope, "nonce": self.nonce}


def parse_request(params: Mapping[str, str], *, client_id: str, redirect_uris: frozenset[str],
                  issuer: str) -> AuthorizationRequest:
    """Check an authorization request; raises :class:`AuthorizationError` or :class:`RedirectedError`."""
    if params.get("client_id") != client_id:
        raise AuthorizationError("Client not found.")
    redirect_uri = params.get("redirect_uri", "")
    # Exact string comparison, as Keycloak does for a URI without a wildcard: no prefix, no
    # normalisation that an attacker's look-alike URI could slip through.
    if redirect_uri not in redirect_uris:
        raise AuthorizationError("Invalid parameter: redirect_uri")
    state = params.get("state", "")

    def refuse(error: str, description: str) -> RedirectedError:
        return RedirectedError(redirect_with(redirect_uri, {
            "error": error, "error_description": description, "state": state, "iss": issuer}))

    if any(len(params.get(name, "")) > _MAX_PARAM for name in ("state", "scope", "nonce")):
        raise refuse("invalid_request", "Parameter too long")
    if params.get("response_type") != "code":
        raise refuse("unsupported_response_type", "Client is not allowed to initiate browser login "
                                                  "with given response_type. Only code is supported")
    if params.get("response_mode", "query") != "query":
        raise refuse("invalid_request", "Invalid parameter: response_mode")
    # PKCE is required, and only S256: "plain" would hand the verifier to whoever sees the URL.
    if params.get("code_challenge_method") != "S256":
        raise refuse("invalid_request", "Missing parameter: code_challenge_method")
    challenge = params.get("code_challenge", "")
    if not _CHALLENGE.fullmatch(challenge):
        raise refuse("invalid_request", "Invalid parameter: code_challenge")
    return AuthorizationRequest(client_id=client_id, redirect_uri=redirect_uri, code_challenge=challenge,
                                state=state, scope=params.get("scope", ""), nonce=params.get("nonce", ""))


def redirect_with(uri: str, params: Mapping[str, str]) -> str:
    """``uri`` with ``params`` (empty ones left out) added to its query."""
    query = urlencode({k: v for k, v in params.items() if v})
    if not query:
        return uri
    return f"{uri}{'&' if urlsplit(uri).query else '?'}{query}"


def s256(verifier: str) -> str:
    """The S256 code challenge of ``verifier``: BASE64URL(SHA-256(ASCII(verifier))), unpadded."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def verifier_matches(verifier: str, challenge: str) -> bool:
    """Whether ``verifier`` is well-formed and hashes to ``challenge`` (constant-time comparison)."""
    return bool(_VERIFIER.fullmatch(verifier)) and hmac.compare_digest(s256(verifier), challenge)


@dataclass(frozen=True)
class IssuedCode:
    """What a redeemed code was issued for."""

    user_id: str
    client_id: str
    redirect_uri: str
    code_challenge: str
    scope: str
    nonce: str
    session_id: str
    auth_time: int


class AuthorizationCodes:
    """One-time codes in the provider's database, so every gateway process can redeem them."""

    def __init__(self, engine: Engine, *, clock: Callable[[], float] = time.time,
                 lifetime_seconds: int = CODE_SECONDS) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.clock = clock
        self.lifetime_seconds = lifetime_seconds

    def issue(self, request: AuthorizationRequest, user_id: str) -> str:
        """A fresh code for ``user_id`` bound to the request's client, redirect URI and challenge."""
        code = secrets.token_urlsafe(32)
        now = self.clock()
        with self._sessions.begin() as session:
            # Dead codes are swept on the way, so the table holds at most a minute of logins.
            session.execute(delete(AuthorizationCodeRow).where(AuthorizationCodeRow.expires_at <= now))
            session.add(AuthorizationCodeRow(
                code_hash=_digest(code), user_id=user_id, client_id=request.client_id,
                redirect_uri=request.redirect_uri, code_challenge=request.code_challenge, scope=request.scope,
                nonce=request.nonce, session_id=str(uuid.uuid4()), auth_time=int(now),
                expires_at=now + self.lifetime_seconds))
        return code

    def redeem(self, code: str) -> IssuedCode | None:
        """The code's grant, deleted in the same transaction; None when unknown, used or expired.

        A code is spent by any exchange attempt, even one with a wrong verifier: whoever stole a
        code gets one guess, and the real client's later exchange fails loudly instead of silently.
        """
        if not code or len(code) > _MAX_PARAM:
            return None
        with self._sessions.begin() as session:
            row = session.get(AuthorizationCodeRow, _digest(code), with_for_update=True)
            if row is None:
                return None
            session.delete(row)
            if row.expires_at <= self.clock():
                return None
            return IssuedCode(user_id=row.user_id, client_id=row.client_id, redirect_uri=row.redirect_uri,
                              code_challenge=row.code_challenge, scope=row.scope, nonce=row.nonce,
                              session_id=row.session_id, auth_time=row.auth_time)


def _digest(code: str) -> str:
    # Only the hash is stored: a copy of identity.db yields no code that could still be exchanged.
    return hashlib.sha256(code.encode()).hexdigest()


def default_redirect_uris(host: str, port: int) -> frozenset[str]:
    """The portal's own address when no ``RENOFLOW_OIDC_REDIRECT_URIS`` is set.

    A gateway listening on a loopback or wildcard address is reached as localhost or 127.0.0.1,
    which browsers treat as two origins: both are the portal.
    """
    names = {host}
    if host in {"127.0.0.1", "localhost", "0.0.0.0", "::1", "::"}:  # noqa: S104 - names, not a bind
        names = {"127.0.0.1", "localhost"}
    return frozenset(f"http://{name}:{port}/" for name in names)
