"""The demo tenants of api.md, created by ``renoflow up`` when the embedded database is empty."""

from __future__ import annotations

from renoflow.embedded import EmbeddedPlatform
from renoflow.identity.demo import DEMO_TENANTS, seed_demo
from renoflow.onboarding import prepare_services


def seed_demo_data(platform: EmbeddedPlatform) -> bool:
    """Create the demo tenants, stores and users once; True when they were created now."""
    created = seed_demo(platform.identity, platform.directory)
    for tenant in DEMO_TENANTS:
        prepare_services(platform.services, tenant.tenant_id, [s.code for s in tenant.stores])
    return bool(created)
