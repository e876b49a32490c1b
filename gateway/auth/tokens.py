"""Access-token validation: RS256 only, exact issuer, our audience, our client, required claims."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import jwt

from gateway.auth.jwks import CachedJwks
from shared.errors import Unauthenticated

#: The only signature algorithm accepted. Keycloak signs access tokens with RS256 by default;
#: allowing a list invites alg-confusion (HS256 keyed with the public key) and ``none``.
ALGORITHM = "RS256"

#: PyJWT accepts a token without ``exp`` unless told to require it (architecture.md).
REQUIRED_CLAIMS = ("exp", "iat", "iss", "aud", "sub")

#: Tokens remembered as verified at most; past it the memory starts afresh (a flood of distinct
#: valid tokens cannot grow it, and invalid ones are never remembered).
VERIFIED_MAX = 10_000


class TokenValidator:
    """Validates Keycloak (or embedded provider) access tokens and returns their claims."""

    def __init__(
        self,
        issuer: str,
        audience: str,
        jwks: CachedJwks,
        client_id: str = "renoflow-web",
        leeway: int = 30,
        *,
        verified_seconds: float = 60,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self.jwks = jwks
        self.client_id = client_id
        self.leeway = leeway
        self.verified_seconds = verified_seconds
        self._clock = clock
        # token string → (remembered until, claims). The whole string, signature included, is the
        # key: a token differing in any byte is verified afresh.
        self._verified: dict[str, tuple[float, dict[str, Any]]] = {}

    def validate(self, token: str) -> dict[str, Any]:
        """The verified claims of ``token``; raises :class:`Unauthenticated` saying what is wrong.

        A token verified in the last ``verified_seconds`` is not verified again (the RS256 check
        and PyJWT's decoding were a tenth of a catalogue read's CPU); it is still refused once
        expired. So a key withdrawn from the JWKS stops its tokens within that time.
        """
        now = self._clock()
        remembered = self._verified.get(token)
        if remembered is not None:
            until, claims = remembered
            if now < until:
                return dict(claims)
            self._verified.pop(token, None)
        claims = self._verify(token)
        if now >= float(claims["exp"]) + self.leeway:  # PyJWT's own check, on this validator's clock
            raise Unauthenticated("token has expired")
        if len(self._verified) >= VERIFIED_MAX:
            self._verified.clear()
        self._verified[token] = (min(now + self.verified_seconds, float(claims["exp"]) + self.leeway), claims)
        return dict(claims)

    def _verify(self, token: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthenticated("bearer token is not a well-formed JWT") from exc
        # Checked before any key lookup, so an attacker-chosen algorithm never reaches PyJWT.
        if header.get("alg") != ALGORITHM:
            raise Unauthenticated(f"token algorithm {header.get('alg')!r} is not accepted (RS256 only)")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise Unauthenticated("token header has no key id (kid)")
        key = self.jwks.get_key(kid)
        if key.key_type != "RSA":
            raise Unauthenticated("token key is not an RSA key")
        claims = self._decode(token, key)
        # Exact comparison on top of PyJWT's own (some PyJWT 2.10 releases matched substrings).
        if claims["iss"] != self.issuer:
            raise Unauthenticated("token issuer is not trusted")
        # azp names the client the token was issued to; a token for another client of the same
        # realm that happens to carry our audience must not be usable here.
        if "azp" in claims and claims["azp"] != self.client_id:
            raise Unauthenticated("token was issued to another client")
        # Keycloak marks access tokens typ "Bearer"; refresh ("Refresh") and ID ("ID") tokens are not.
        if "typ" in claims and claims["typ"] != "Bearer":
            raise Unauthenticated("token is not an access token")
        return claims

    def _decode(self, token: str, key: jwt.PyJWK) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": list(REQUIRED_CLAIMS), "verify_signature": True},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthenticated("token has expired") from exc
        except jwt.MissingRequiredClaimError as exc:
            raise Unauthenticated(f"token lacks the required {exc.claim!r} claim") from exc
        except jwt.InvalidIssuerError as exc:
            raise Unauthenticated("token issuer is not trusted") from exc
        except jwt.InvalidAudienceError as exc:
            raise Unauthenticated(f"token audience does not include {self.audience!r}") from exc
        except (jwt.ImmatureSignatureError, jwt.InvalidIssuedAtError) as exc:
            raise Unauthenticated("token is not valid yet (iat or nbf in the future)") from exc
        except jwt.InvalidSignatureError as exc:
            raise Unauthenticated("token signature is invalid") from exc
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"token is invalid: {exc}") from exc
        if not isinstance(claims.get("sub"), str) or not claims["sub"]:
            raise Unauthenticated("token subject (sub) is empty")
        return claims
