"""The embedded identity provider behind the tenant administration port (:mod:`gateway.admin.port`).

Its "organization" is the user's ``organization`` column, which the token's ``organization``
claim carries; there is no organization record to create apart from the directory's tenant.
"""

from __future__ import annotations

from gateway.admin.port import NewStaff, StaffAccount
from renoflow.identity.users import IdentityUser, UserStore
from shared.errors import NotFound


class EmbeddedIdentityAdmin:
    """:class:`gateway.admin.port.IdentityAdmin` over the embedded provider's user store."""

    def __init__(self, users: UserStore) -> None:
        self.store = users

    def create_organization(self, tenant_id: str, name: str) -> None:
        """Nothing to create: an organization exists through its users (and the directory's tenant)."""

    def delete_organization(self, tenant_id: str) -> int:
        """Delete every account of the organization."""
        return self.store.delete_organization(tenant_id)

    def create_user(self, tenant_id: str, user: NewStaff) -> StaffAccount:
        """Create an enabled account; usernames are unique across organizations (Conflict)."""
        created = self.store.add_user(user.username, user.password, organization=tenant_id, roles=list(user.roles),
                                      stores=list(user.stores), display_name=user.display_name, email=user.email)
        return _account(created)

    def users(self, tenant_id: str) -> list[StaffAccount]:
        """Every account of the organization."""
        return [_account(u) for u in self.store.of_organization(tenant_id)]

    def find_user(self, tenant_id: str, username: str) -> StaffAccount | None:
        """The organization's account of this name, or None."""
        found = self.store.find(tenant_id, username)
        return _account(found) if found is not None else None

    def set_enabled(self, tenant_id: str, username: str, enabled: bool) -> None:
        """Enable or disable one account of the organization."""
        self.store.set_enabled(self._id(tenant_id, username), enabled)

    def set_password(self, tenant_id: str, username: str, password: str) -> None:
        """Replace one account's password."""
        self.store.set_password(self._id(tenant_id, username), password)

    def _id(self, tenant_id: str, username: str) -> str:
        found = self.store.find(tenant_id, username)
        if found is None:
            raise NotFound("user not found")
        return found.user_id


def _account(user: IdentityUser) -> StaffAccount:
    return StaffAccount(user_id=user.user_id, username=user.username, roles=user.roles, stores=user.stores,
                        display_name=user.display_name, email=user.email, enabled=user.enabled)
