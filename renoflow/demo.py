"""The demo tenants of api.md, created by ``renoflow up`` when the database is empty."""

from __future__ import annotations

from gateway.directory import Directory
from renoflow.embedded import EmbeddedPlatform
from renoflow.identity.demo import DEMO_TENANTS, seed_demo, seed_demo_directory
from renoflow.identity.provider import EmbeddedIdentityProvider
from renoflow.onboarding import prepare_services
from shared.ports import RpcClient


def seed_demo_services(identity: EmbeddedIdentityProvider | None, directory: Directory, rpc: RpcClient) -> bool:
    """Create the demo tenants, stores, users and service data once; True when created now.

    With an external Keycloak (``identity`` None) the users come from the realm import instead.
    """
    created = seed_demo(identity, directory) if identity is not None else seed_demo_directory(directory)
    for tenant in DEMO_TENANTS:
        prepare_services(rpc, tenant.tenant_id, [s.code for s in tenant.stores])
    return bool(created)


def seed_demo_data(platform: EmbeddedPlatform) -> bool:
    """Embedded mode's demo data."""
    return seed_demo_services(platform.identity, platform.directory, platform.services)
