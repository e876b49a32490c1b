"""Access-token validation: RS256 only, exact issuer, our audience, our client, required claims."""

from __future__ import annotations

from typing import Any

import jwt

from gateway.auth.jwks import CachedJwks
from shared.errors import Unauthenticated

#: The only signature algorithm accepted. Keycloak signs access tokens with RS256 by default;
#: allowing a list invites alg-confusion (HS256 keyed with the public key) and ``none``.
ALGORITHM = "RS256"

#: PyJWT accepts a token without ``exp`` unless told to require it (architecture.md).
REQUIRED_CLAIMS = ("exp", "iat", "iss", "aud", "sub")


class TokenValidator:
    """Validates Keycloak (or embedded provider) access tokens and returns their claims."""

    def __init__(
        self,
        issuer: str,
        audience: str,
        jwks: CachedJwks,
        client_id: str = "renoflow-web",
        leeway: int = 30,
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self.jwks = jwks
        self.client_id = client_id
        self.leeway = leeway

    def validate(self, token: str) -> dict[str, Any]:
        """The verified claims of ``token``; raises :class:`Unauthenticated` saying what is wrong."""
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
