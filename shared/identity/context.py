"""Who is calling, for which tenant: the principal that travels with every call and event.

The gateway builds it from a validated token; it crosses to services as nameko context data
(or as an argument of the in-process call), never as a trusted body field.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from shared.errors import Forbidden, NotFound, Unavailable

#: Roles that see every store of their own tenant (domain.md: HQ sees all stores).
TENANT_WIDE_ROLES = frozenset({"hq", "general_manager", "tenant_admin"})

#: The realm roles of domain.md.
ROLES = (
    "designer", "studio_manager", "studio_assistant", "marketing", "engineering_stats",
    "engineering_manager", "foreman", "qc", "materials", "finance", "cashier", "aftercare",
    "general_manager", "hq", "tenant_admin",
    # A05's approvers and the audit department (seed 002 3.5.6).
    "aftercare_manager", "deputy_chief_engineer", "deputy_general_manager", "auditor",
)


@dataclass(frozen=True)
class Principal:
    """An authenticated staff user acting inside one tenant."""

    tenant_id: str
    user_id: str
    username: str
    roles: frozenset[str] = frozenset()
    stores: frozenset[str] = frozenset()
    display_name: str = ""

    @property
    def tenant_wide(self) -> bool:
        """True for HQ-like roles that see all stores of the tenant."""
        return bool(self.roles & TENANT_WIDE_ROLES)

    def require_role(self, roles: Iterable[str], *, rule: str | None = None, action: str = "do this") -> None:
        """Raise 403 naming ``rule`` unless the principal holds one of ``roles``."""
        wanted = frozenset(roles)
        if not self.roles & wanted:
            raise Forbidden(
                f"only {', '.join(sorted(wanted))} may {action}", rule=rule
            )

    def can_see_store(self, store: str) -> bool:
        """Store scoping: tenant-wide roles see every store, others only their own."""
        return self.tenant_wide or store in self.stores

    def require_store(self, store: str, *, what: str = "record") -> None:
        """A record of a store the caller does not work in answers 404, like a missing one."""
        if not self.can_see_store(store):
            raise NotFound(f"{what} not found")

    def to_data(self) -> dict[str, Any]:
        """Plain form for nameko context data."""
        return {
            "tenant_id": self.tenant_id, "user_id": self.user_id, "username": self.username,
            "roles": sorted(self.roles), "stores": sorted(self.stores),
            "display_name": self.display_name,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Principal:
        """Inverse of :meth:`to_data`."""
        return cls(
            tenant_id=data["tenant_id"], user_id=data["user_id"], username=data["username"],
            roles=frozenset(data.get("roles", ())), stores=frozenset(data.get("stores", ())),
            display_name=data.get("display_name", ""),
        )

    @classmethod
    def system(cls, tenant_id: str) -> Principal:
        """The platform acting on its own (event handlers, timers) inside one tenant."""
        return cls(tenant_id=tenant_id, user_id="system", username="system",
                   roles=frozenset({"system"}), stores=frozenset())


@dataclass(frozen=True)
class CallContext:
    """Everything that travels beside the arguments of an RPC call."""

    principal: Principal
    trace: dict[str, str] = field(default_factory=dict)
    idempotency_key: str | None = None
    #: The latest time (UTC epoch seconds) the service may start the call; the caller gives up
    #: soon after. None: no limit (embedded calls are synchronous, the caller always waits).
    deadline: float | None = None

    def to_data(self) -> dict[str, Any]:
        """nameko context data (string-keyed, JSON-safe)."""
        data: dict[str, Any] = {"principal": self.principal.to_data(), "trace": dict(self.trace)}
        if self.idempotency_key:
            data["idempotency_key"] = self.idempotency_key
        if self.deadline is not None:
            data["deadline"] = self.deadline
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> CallContext:
        """Inverse of :meth:`to_data`."""
        return cls(
            principal=Principal.from_data(data["principal"]),
            trace=dict(data.get("trace") or {}),
            idempotency_key=data.get("idempotency_key"),
            deadline=deadline_of(data),
        )


def deadline_of(data: dict[str, Any]) -> float | None:
    """The ``deadline`` of nameko context data as a number, or None when absent or malformed."""
    value = data.get("deadline")
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def refuse_if_expired(deadline: float | None, what: str, *, now: float | None = None) -> None:
    """Raise :class:`Unavailable` when the caller's deadline has passed, before anything runs.

    The caller answered "unavailable" already; acting now would do what its user was told did
    not happen (a retry without an idempotency key would then act twice). Both run modes call
    this before the entrypoint runs.
    """
    if deadline is None:
        return
    late = (time.time() if now is None else now) - deadline
    if late > 0:
        raise Unavailable(f"the caller gave up on {what} {late:.1f} s ago; it was not run")
