"""The identity side of tenant administration: one port, an adapter per identity provider.

The embedded provider (``renoflow/identity/admin.py``) and Keycloak's admin REST API
(``renoflow/identity/keycloak_admin.py``) implement it; the directory (stores, store membership)
is the platform's own in both modes (decision 0030).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class NewStaff:
    """A staff account to create in a tenant's organization."""

    username: str
    password: str
    roles: tuple[str, ...]
    stores: tuple[str, ...]
    display_name: str = ""
    email: str = ""


@dataclass(frozen=True)
class StaffAccount:
    """A staff account as the identity provider holds it."""

    user_id: str
    username: str
    roles: tuple[str, ...]
    stores: tuple[str, ...]
    display_name: str
    email: str
    enabled: bool


class IdentityAdmin(Protocol):
    """What tenant administration needs of the identity provider, per organization (= tenant id)."""

    def create_organization(self, tenant_id: str, name: str) -> None:
        """Create the tenant's organization (alias ``tenant_id``); an existing one is a Conflict."""
        ...

    def delete_organization(self, tenant_id: str) -> int:
        """Delete the organization and every account in it; how many accounts went."""
        ...

    def create_user(self, tenant_id: str, user: NewStaff) -> StaffAccount:
        """Create an enabled account in the organization, able to sign in at once; Conflict on a taken name."""
        ...

    def users(self, tenant_id: str) -> list[StaffAccount]:
        """Every account of the organization, by username."""
        ...

    def find_user(self, tenant_id: str, username: str) -> StaffAccount | None:
        """The organization's account of this username; None for an unknown one or another tenant's."""
        ...

    def set_enabled(self, tenant_id: str, username: str, enabled: bool) -> None:
        """Enable or disable one account of the organization."""
        ...

    def set_password(self, tenant_id: str, username: str, password: str) -> None:
        """Replace one account's password (not temporary: the user signs in with it)."""
        ...
