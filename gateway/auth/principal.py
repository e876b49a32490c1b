"""From validated token claims to a :class:`Principal`, checked against the platform's own records."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from gateway.directory import Store
from shared.errors import Forbidden, Unauthenticated
from shared.identity.context import ROLES, TENANT_WIDE_ROLES, Principal


class StaffDirectory(Protocol):
    """What the gateway needs of :class:`gateway.directory.Directory`."""

    def tenant_exists(self, tenant_id: str) -> bool: ...

    def stores_of_tenant(self, tenant_id: str) -> list[Store]: ...

    def stores_of(self, tenant_id: str, username: str) -> set[str]: ...


def principal_from_claims(claims: Mapping[str, Any], directory: StaffDirectory) -> Principal:
    """The caller's tenant, roles and stores; 403 when the token names no single known tenant."""
    tenant_id = tenant_from_claims(claims)
    if not directory.tenant_exists(tenant_id):
        raise Forbidden(f"organization {tenant_id!r} is not a tenant of this platform")
    username = claims.get("preferred_username")
    if not isinstance(username, str) or not username:
        raise Unauthenticated("token lacks preferred_username")
    roles = frozenset(_realm_roles(claims)) & frozenset(ROLES)
    if roles & TENANT_WIDE_ROLES:
        stores = {store.code for store in directory.stores_of_tenant(tenant_id)}
    else:
        # The attribute is a hint an administrator edits by hand; only stores the platform itself
        # records for this user count, so a stale or forged attribute cannot widen access.
        stores = _claimed_stores(claims) & directory.stores_of(tenant_id, username)
    name = claims.get("name")
    return Principal(
        tenant_id=tenant_id,
        user_id=str(claims["sub"]),
        username=username,
        roles=roles,
        stores=frozenset(stores),
        display_name=name if isinstance(name, str) else "",
    )


def tenant_from_claims(claims: Mapping[str, Any]) -> str:
    """The one organization alias of Keycloak's ``organization`` claim, in either of its shapes.

    ``["demo"]`` (list of aliases) or ``{"demo": {"id": "…"}}`` (with "add organization id").
    Keycloak omits the claim for a user in several organizations (keycloak#43635, #44981), so
    none and several both answer 403: picking one would be a guess across tenants.
    """
    claim = claims.get("organization")
    if isinstance(claim, Mapping):
        aliases = list(claim.keys())
    elif isinstance(claim, list):
        aliases = claim
    elif claim is None:
        aliases = []
    else:
        raise Forbidden("token organization claim has an unrecognised shape")
    if not aliases:
        raise Forbidden("token names no organization (tenant); the user must belong to exactly one")
    if len(aliases) > 1:
        raise Forbidden("token names several organizations; the user must belong to exactly one")
    alias = aliases[0]
    if not isinstance(alias, str) or not alias:
        raise Forbidden("token organization claim has an unrecognised shape")
    return alias


def _realm_roles(claims: Mapping[str, Any]) -> list[str]:
    realm_access = claims.get("realm_access")
    roles = realm_access.get("roles") if isinstance(realm_access, Mapping) else None
    return [r for r in roles if isinstance(r, str)] if isinstance(roles, list) else []


def _claimed_stores(claims: Mapping[str, Any]) -> set[str]:
    # A multivalued attribute mapper writes a list; a single-valued one writes a plain string.
    value = claims.get("stores")
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    return set()
