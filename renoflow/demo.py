"""The demo tenants of api.md, created by ``renoflow up`` when the database is empty, never in production."""

from __future__ import annotations

from gateway.directory import Directory
from renoflow.embedded import EmbeddedPlatform
from renoflow.identity.demo import DEMO_TENANTS, refuse_in_production, seed_demo, seed_demo_directory
from renoflow.identity.provider import EmbeddedIdentityProvider
from renoflow.onboarding import prepare_services, push_settings
from shared.messaging.ports import RpcClient


def seed_demo_services(identity: EmbeddedIdentityProvider | None, directory: Directory, rpc: RpcClient, *,
                       environment: str) -> bool:
    """Create the demo tenants, stores, users and service data once; True when created now.

    With an external Keycloak (``identity`` None) the users come from the realm import instead.
    In production it refuses (:class:`~renoflow.identity.demo.DemoDataRefused`) and writes nothing.
    """
    refuse_in_production(environment)
    created = seed_demo(identity, directory) if identity is not None else seed_demo_directory(directory)
    for tenant in DEMO_TENANTS:
        prepare_services(rpc, tenant.tenant_id, [s.code for s in tenant.stores])
        # The company's name for form headers, the stores' zones: settings a tenant starts with.
        push_settings(rpc, directory.settings_snapshot(tenant.tenant_id))
    return bool(created)


def seed_demo_unless_production(identity: EmbeddedIdentityProvider | None, directory: Directory, rpc: RpcClient,
                                *, environment: str) -> bool | None:
    """What ``renoflow up`` does: seed the demo tenants, or nothing at all in production (None)."""
    if environment == "production":
        return None
    return seed_demo_services(identity, directory, rpc, environment=environment)


def seed_demo_data(platform: EmbeddedPlatform) -> bool:
    """Embedded mode's demo data (refused in production)."""
    return seed_demo_services(platform.identity, platform.directory, platform.services,
                              environment=platform.settings.environment)


def seed_demo_activity(platform: EmbeddedPlatform) -> int:
    """Embedded mode's living demo: months of work in both demo stores, through the use cases.

    Only right after the demo tenants were created (an empty database), never in production.
    Returns the number of leads it registered.
    """
    refuse_in_production(platform.settings.environment)
    from renoflow.demo_activity import seed_activity

    return seed_activity(platform.services, platform.services.resources["contracts"].documents)
