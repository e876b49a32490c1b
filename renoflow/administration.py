"""Composition of tenant administration: which identity adapter, and the services' onboarding hooks.

The Keycloak adapter when ``RENOFLOW_KEYCLOAK_URL`` is set, else the embedded provider's users
(decision 0030). The CLI (``renoflow tenants …``) and both run modes build it here.
"""

from __future__ import annotations

from gateway.admin.port import IdentityAdmin
from gateway.admin.service import TenantAdministration
from gateway.directory import Directory
from renoflow.identity.admin import EmbeddedIdentityAdmin
from renoflow.identity.provider import EmbeddedIdentityProvider
from renoflow.identity.users import UserStore
from renoflow.onboarding import onboarding_context, push_settings
from shared.messaging.ports import RpcClient
from shared.persistence.files import private_dir
from shared.settings import Settings
from shared.tenant_settings import SettingsSnapshot


def identity_admin(settings: Settings, provider: EmbeddedIdentityProvider | None = None) -> IdentityAdmin | None:
    """Keycloak's admin API when configured, else the embedded provider's user store.

    None where the gateway trusts an external issuer but has no Keycloak admin client: tenant
    administration then answers 503 rather than writing users nobody signs in with.
    """
    if settings.keycloak_url:
        from renoflow.identity.keycloak_admin import KeycloakIdentityAdmin, keycloak_admin_from_settings

        return KeycloakIdentityAdmin(keycloak_admin_from_settings(settings))
    if provider is not None:
        return EmbeddedIdentityAdmin(provider.users)
    if settings.oidc_issuer:
        return None
    private_dir(settings.data_dir)
    return EmbeddedIdentityAdmin(UserStore(f"sqlite:///{(settings.data_dir / 'identity.db').resolve()}"))


def administration(settings: Settings, directory: Directory, rpc: RpcClient | None,
                   provider: EmbeddedIdentityProvider | None = None) -> TenantAdministration | None:
    """Tenant administration over the directory and the configured identity provider.

    With ``rpc`` a new store is registered with the services and a new tenant gets the starting
    catalogue; without it (the CLI when no service runs) only the directory and identity change.
    """
    identity = identity_admin(settings, provider)
    if identity is None:
        return None

    def on_store(tenant_id: str, code: str, timezone: str) -> None:
        if rpc is not None:
            rpc.call("contracts", "register_store", onboarding_context(tenant_id), store=code, timezone=timezone)

    def on_tenant(tenant_id: str, _stores: list[str]) -> None:
        if rpc is not None:
            rpc.call("contracts", "seed_catalogue", onboarding_context(tenant_id))

    def on_settings(snapshot: SettingsSnapshot) -> None:
        if rpc is None:  # the CLI without services: the next push (any change, a new store) carries it
            return
        push_settings(rpc, snapshot)

    return TenantAdministration(directory, identity, on_store=on_store, on_tenant=on_tenant,
                                on_settings=on_settings)
