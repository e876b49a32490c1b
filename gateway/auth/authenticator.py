"""The gateway's one entry to authentication: ``Authorization`` header in, checked principal out."""

from __future__ import annotations

import re

from gateway.auth.principal import StaffDirectory, principal_from_claims
from gateway.auth.tokens import TokenValidator
from shared.errors import Unauthenticated
from shared.identity.context import Principal

# RFC 6750 b64token; the scheme is case-insensitive (RFC 7235), exactly one space-separated token.
_BEARER = re.compile(r"^Bearer +([A-Za-z0-9\-._~+/]+=*) *$", re.IGNORECASE)


class Authenticator:
    """Turns an ``Authorization: Bearer …`` header into a :class:`Principal`, or raises 401/403."""

    def __init__(self, validator: TokenValidator, directory: StaffDirectory) -> None:
        self.validator = validator
        self.directory = directory

    def authenticate(self, authorization: str | None) -> Principal:
        """Validate the bearer token and build the principal; 401 for a missing or bad token."""
        if not authorization or not authorization.strip():
            raise Unauthenticated("missing bearer token (Authorization: Bearer <access token>)")
        match = _BEARER.match(authorization.strip())
        if match is None:
            raise Unauthenticated("Authorization header must be 'Bearer <access token>'")
        claims = self.validator.validate(match.group(1))
        return principal_from_claims(claims, self.directory)

    __call__ = authenticate
