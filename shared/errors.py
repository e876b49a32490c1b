"""Domain errors carrying rule ids, and their RFC 9457 problem+json form.

Services raise these; the gateway maps them to HTTP by class name (in distributed mode the class
name is all that crosses the wire), never by knowing the rule.
"""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    """Base of every error a use case may raise on purpose."""

    status: ClassVar[int] = 400
    title: ClassVar[str] = "Bad request"

    def __init__(self, detail: str, rule: str | None = None, field: str | None = None) -> None:
        # All three in ``args``: nameko serialises an exception as its class name and ``args``,
        # so the gateway can rebuild the same error (rule, field) from a remote reply.
        super().__init__(detail, rule, field)
        self.detail = detail
        self.rule = rule
        self.field = field

    def __str__(self) -> str:
        return self.detail

    def to_problem(self) -> dict[str, Any]:
        """The problem+json body (RFC 9457) with RenoFlow's ``rule`` and ``field`` members."""
        body: dict[str, Any] = {
            "type": f"https://renoflow.dev/problems/{self.rule or type(self).__name__}",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if self.rule:
            body["rule"] = self.rule
        if self.field:
            body["field"] = self.field
        return body

    def to_wire(self) -> dict[str, Any]:
        """What crosses an RPC boundary: enough to rebuild the same error on the other side."""
        return {"error": type(self).__name__, "detail": self.detail, "rule": self.rule, "field": self.field}


class InvalidInput(DomainError):
    """Malformed input (400)."""


class Unauthenticated(DomainError):
    status = 401
    title = "Unauthorized"


class Forbidden(DomainError):
    """The caller's role or store may not do this (403)."""

    status = 403
    title = "Forbidden"


class NotFound(DomainError):
    """Missing, or belonging to another tenant or store: the two answer the same (404)."""

    status = 404
    title = "Not found"


class Conflict(DomainError):
    """Wrong state for this step: already signed, wrong order (409)."""

    status = 409
    title = "Conflict"


class PayloadTooLarge(DomainError):
    """An upload over its size limit (413), refused before the rest of the body is read."""

    status = 413
    title = "Payload too large"


class UnsupportedMediaType(DomainError):
    """A file of a type the platform does not store, or whose bytes are not what it claims (415)."""

    status = 415
    title = "Unsupported media type"


class Unavailable(DomainError):
    """A service did not answer in time (503); nothing is known to have happened."""

    status = 503
    title = "Service unavailable"


class RuleViolation(DomainError):
    """A business rule of domain.md refused the request (422)."""

    status = 422
    title = "Business rule violated"


ERRORS_BY_NAME: dict[str, type[DomainError]] = {
    cls.__name__: cls
    for cls in (DomainError, InvalidInput, Unauthenticated, Forbidden, NotFound, Conflict, RuleViolation,
                PayloadTooLarge, UnsupportedMediaType, Unavailable)
}


def error_from_wire(data: dict[str, Any]) -> DomainError:
    """Rebuild a domain error from :meth:`DomainError.to_wire` output."""
    cls = ERRORS_BY_NAME.get(str(data.get("error")), DomainError)
    return cls(str(data.get("detail", "")), rule=data.get("rule"), field=data.get("field"))
