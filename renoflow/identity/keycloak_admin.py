"""Keycloak behind the tenant administration port (:mod:`gateway.admin.port`), via python-keycloak.

A tenant is a Keycloak organization whose alias is the tenant id (the token's ``organization``
claim carries the alias); its staff are realm users who are members of it, with realm roles and
the ``stores`` attribute the realm's user profile declares (deploy/keycloak/generate_realm.py).
The calls and their payloads follow Keycloak 26's admin REST API; decision 0030 lists them and
tests/fake_keycloak.py stands in for Keycloak with the same subset.
"""

from __future__ import annotations

import re
from typing import Any

from keycloak import KeycloakAdmin
from keycloak.exceptions import KeycloakError

from gateway.admin.port import NewStaff, StaffAccount
from shared.errors import Conflict, InvalidInput, NotFound, Unavailable
from shared.identity.context import ROLES
from shared.settings import Settings

#: Every organization needs a domain in Keycloak 26.0; the realm import uses the same form.
DOMAIN = "{tenant}.renoflow.example"


def keycloak_admin_from_settings(settings: Settings) -> KeycloakAdmin:
    """An admin client of the platform's realm, signed in with its service account (client credentials)."""
    if not settings.keycloak_url or not settings.keycloak_admin_client_secret:
        raise ValueError("RENOFLOW_KEYCLOAK_URL and RENOFLOW_KEYCLOAK_ADMIN_CLIENT_SECRET are both needed")
    realm = settings.keycloak_realm or settings.oidc_realm
    return KeycloakAdmin(server_url=settings.keycloak_url.rstrip("/") + "/", realm_name=realm,
                         user_realm_name=realm, client_id=settings.keycloak_admin_client_id,
                         client_secret_key=settings.keycloak_admin_client_secret,
                         timeout=settings.keycloak_timeout_seconds)


class KeycloakIdentityAdmin:
    """:class:`gateway.admin.port.IdentityAdmin` over Keycloak's admin REST API."""

    def __init__(self, admin: KeycloakAdmin) -> None:
        self.admin = admin

    # --- organizations ------------------------------------------------------------------------

    def create_organization(self, tenant_id: str, name: str) -> None:
        """``POST /admin/realms/{realm}/organizations`` with the tenant id as alias."""
        if self._organization(tenant_id) is not None:
            raise Conflict(f"organization {tenant_id!r} already exists", field="tenant_id")
        with _translated():
            self.admin.create_organization({
                "name": name, "alias": tenant_id, "enabled": True,
                "domains": [{"name": DOMAIN.format(tenant=tenant_id), "verified": False}],
            })

    def delete_organization(self, tenant_id: str) -> int:
        """Delete the organization's members (realm users), then ``DELETE …/organizations/{id}``."""
        org = self._organization(tenant_id)
        if org is None:
            return 0
        members = self._members(org["id"])
        with _translated():
            for member in members:
                self.admin.delete_user(member["id"])
            self.admin.delete_organization(org["id"])
        return len(members)

    # --- users --------------------------------------------------------------------------------

    def create_user(self, tenant_id: str, user: NewStaff) -> StaffAccount:
        """Create the user with its password, map its realm roles, make it a member of the organization.

        A failure after the user exists deletes it again, so no half-made account is left behind.
        """
        org = self._require_organization(tenant_id)
        local = re.sub(r"[^a-z0-9._-]", "-", user.username)
        payload = {
            "username": user.username, "enabled": True,
            # The realm's user profile requires these of users; set here, the first sign-in
            # asks for no profile update (a pending required action would refuse the password grant).
            "email": user.email or f"{local}@{DOMAIN.format(tenant=tenant_id)}", "emailVerified": True,
            "firstName": person_name(user.display_name or user.username),
            "lastName": person_name(org.get("name") or tenant_id),
            "attributes": {"stores": list(user.stores)},
            "credentials": [{"type": "password", "value": user.password, "temporary": False}],
            "requiredActions": [],
        }
        with _translated():
            user_id = self.admin.create_user(payload)
        try:
            with _translated():
                roles = [self.admin.get_realm_role(role) for role in user.roles]
                if roles:
                    self.admin.assign_realm_roles(user_id, roles)
                self.admin.organization_user_add(user_id, org["id"])
        except Exception:
            self.admin.delete_user(user_id)
            raise
        return StaffAccount(user_id=user_id, username=user.username, roles=tuple(sorted(user.roles)),
                            stores=tuple(user.stores), display_name=payload["firstName"], email=payload["email"],
                            enabled=True)

    def users(self, tenant_id: str) -> list[StaffAccount]:
        """The organization's members, each with its realm roles and ``stores`` attribute."""
        org = self._organization(tenant_id)
        if org is None:
            return []
        return sorted((self._account(member["id"]) for member in self._members(org["id"])),
                      key=lambda a: a.username)

    def find_user(self, tenant_id: str, username: str) -> StaffAccount | None:
        """The user of this name when it is a member of the tenant's organization, else None."""
        with _translated():
            found = self.admin.get_users({"username": username, "exact": "true"})
        match = next((u for u in found if u.get("username") == username), None)
        if match is None:
            return None
        with _translated():
            orgs = self.admin.get_user_organizations(match["id"])
        if not any(o.get("alias") == tenant_id for o in orgs):
            return None  # another tenant's user answers like a missing one (P01)
        return self._account(match["id"])

    def set_enabled(self, tenant_id: str, username: str, enabled: bool) -> None:
        """``PUT /admin/realms/{realm}/users/{id}`` with ``enabled``; disabling also ends the user's
        sessions (``POST …/users/{id}/logout``), so no refresh token outlives the decision."""
        account = self._require_user(tenant_id, username)
        with _translated():
            self.admin.update_user(account.user_id, {"enabled": enabled})
            if not enabled:
                self.admin.user_logout(account.user_id)

    def set_password(self, tenant_id: str, username: str, password: str) -> None:
        """``PUT /admin/realms/{realm}/users/{id}/reset-password``, not temporary."""
        account = self._require_user(tenant_id, username)
        with _translated():
            self.admin.set_user_password(account.user_id, password, temporary=False)

    # --- helpers ------------------------------------------------------------------------------

    def _organization(self, tenant_id: str) -> dict[str, Any] | None:
        # Keycloak's ``search`` matches an organization's name or domain, never its alias
        # (OrganizationsResource.search), so the tenant's own domain finds it in one call; an
        # organization made by hand without that domain is found by reading the list.
        with _translated():
            found = self.admin.get_organizations({"search": DOMAIN.format(tenant=tenant_id), "exact": "true"})
            match = next((o for o in found if o.get("alias") == tenant_id), None)
            if match is None:
                match = next((o for o in self.admin.get_organizations() if o.get("alias") == tenant_id), None)
        return match

    def _require_organization(self, tenant_id: str) -> dict[str, Any]:
        org = self._organization(tenant_id)
        if org is None:
            raise NotFound(f"organization {tenant_id!r} not found")
        return org

    def _members(self, org_id: str) -> list[dict[str, Any]]:
        # python-keycloak pages through ``first``/``max`` itself until a short page.
        with _translated():
            return list(self.admin.get_organization_members(org_id))

    def _account(self, user_id: str) -> StaffAccount:
        with _translated():
            user = self.admin.get_user(user_id)
            roles = self.admin.get_realm_roles_of_user(user_id)
        stores = (user.get("attributes") or {}).get("stores") or []
        return StaffAccount(
            user_id=user["id"], username=user["username"],
            roles=tuple(sorted(r["name"] for r in roles if r.get("name") in ROLES)),
            stores=tuple(sorted(stores)), display_name=user.get("firstName") or "", email=user.get("email") or "",
            enabled=bool(user.get("enabled", True)))

    def _require_user(self, tenant_id: str, username: str) -> StaffAccount:
        account = self.find_user(tenant_id, username)
        if account is None:
            raise NotFound("user not found")
        return account


def person_name(text: str) -> str:
    """``text`` fit for Keycloak's ``person-name-prohibited-characters`` validator (no ``@``, ``(`` …)."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w .'-]", " ", text)).strip()[:255] or "staff"


class _translated:
    """Keycloak's HTTP errors as the platform's: 409 Conflict, 400 bad input, 404, else unavailable."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, _tb: object) -> bool:
        if not isinstance(exc, KeycloakError):
            return False
        code = getattr(exc, "response_code", None)
        message = _message(exc)
        if code == 409:
            raise Conflict(f"Keycloak: {message}") from exc
        if code == 400:
            raise InvalidInput(f"Keycloak refused it: {message}", rule="P05") from exc
        if code == 404:
            raise NotFound(f"Keycloak: {message}") from exc
        raise Unavailable(f"Keycloak's admin API failed ({code}): {message}") from exc


def _message(exc: KeycloakError) -> str:
    body = getattr(exc, "response_body", b"") or b""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    match = re.search(r'"(?:errorMessage|error_description|error)"\s*:\s*"([^"]*)"', text)
    return match.group(1) if match else (text[:200] or str(exc))
