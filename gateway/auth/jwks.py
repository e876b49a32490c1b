"""Where the gateway gets the identity provider's public keys: a JWKS, cached and refetched on rotation."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

import httpx
import jwt

from shared.errors import Unauthenticated

log = logging.getLogger(__name__)


class JwksSource(Protocol):
    """Anything that can fetch the current JWKS document (``{"keys": [...]}``)."""

    def fetch(self) -> dict[str, Any]: ...


class HttpJwksSource:
    """The JWKS at a URL, e.g. Keycloak's ``…/realms/renoflow/protocol/openid-connect/certs``."""

    def __init__(self, url: str, *, timeout_seconds: float = 5.0, client: httpx.Client | None = None) -> None:
        self.url = url
        # A short timeout: the fetch happens inside a request, which must not hang on the provider.
        self._client = client or httpx.Client(timeout=timeout_seconds)

    def fetch(self) -> dict[str, Any]:
        """GET the key set; raises ``httpx.HTTPError`` when the provider cannot be reached."""
        response = self._client.get(self.url, headers={"Accept": "application/json"})
        response.raise_for_status()
        document: dict[str, Any] = response.json()
        return document


class CachedJwks:
    """Signing keys by ``kid``, cached for ``ttl_seconds``.

    An unknown ``kid`` triggers one refetch (the provider may have rotated its key), but at most
    once per ``min_refetch_seconds``: otherwise a stream of tokens with made-up ``kid`` values
    would turn the gateway into a load generator against the identity provider.
    """

    def __init__(
        self,
        source: JwksSource,
        ttl_seconds: float = 300,
        *,
        min_refetch_seconds: float = 10,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.source = source
        self.ttl_seconds = ttl_seconds
        self.min_refetch_seconds = min_refetch_seconds
        self._clock = clock
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at: float | None = None  # last successful fetch
        self._attempted_at: float | None = None  # last attempt, successful or not
        self._lock = threading.Lock()

    def get_key(self, kid: str) -> jwt.PyJWK:
        """The public key for ``kid``; raises :class:`Unauthenticated` when the provider has none."""
        with self._lock:
            now = self._clock()
            stale = self._fetched_at is None or now - self._fetched_at >= self.ttl_seconds
            may_fetch = self._attempted_at is None or now - self._attempted_at >= self.min_refetch_seconds
            if (stale or kid not in self._keys) and may_fetch:
                self._refresh(now)
            key = self._keys.get(kid)
        if key is None:
            raise Unauthenticated("token is signed with an unknown key")
        return key

    def _refresh(self, now: float) -> None:
        self._attempted_at = now
        try:
            document = self.source.fetch()
        except Exception as exc:  # network, HTTP status, bad JSON: keep serving the keys we have
            log.warning("could not fetch the JWKS: %s", exc)
            if not self._keys:
                raise Unauthenticated("the identity provider's signing keys are unavailable") from exc
            return
        self._keys = _parse_keys(document)
        self._fetched_at = now


def _parse_keys(document: dict[str, Any]) -> dict[str, jwt.PyJWK]:
    """Signature keys with a ``kid``; encryption keys and keys PyJWT cannot load are skipped."""
    keys: dict[str, jwt.PyJWK] = {}
    for jwk in document.get("keys", []) if isinstance(document, dict) else []:
        # Keycloak also publishes an RSA-OAEP key with use "enc"; it must never verify a signature.
        if not isinstance(jwk, dict) or jwk.get("use", "sig") != "sig" or not jwk.get("kid"):
            continue
        try:
            keys[str(jwk["kid"])] = jwt.PyJWK(jwk)
        except jwt.PyJWTError as exc:
            log.info("skipping JWK %s: %s", jwk.get("kid"), exc)
    return keys
