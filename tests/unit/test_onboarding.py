"""Onboarding a new company in embedded mode: it can sign in, sees its catalogue, nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest

from renoflow.embedded import build_platform
from renoflow.onboarding import onboard_embedded_tenant
from shared.errors import Conflict, InvalidInput
from shared.identity.context import CallContext
from shared.settings import Settings


def test_P01_a_new_tenant_signs_in_to_its_own_company(tmp_path: Path) -> None:
    platform = build_platform(Settings(data_dir=tmp_path))
    try:
        onboard_embedded_tenant(platform, tenant_id="acme", name="顶好装饰", stores=["A", "B"],
                                admin_username="admin@acme", admin_password="s3cret-pass")
        tokens = platform.identity.password_grant("admin@acme", "s3cret-pass")
        principal = platform.app.state.authenticator.authenticate(f"Bearer {tokens['access_token']}")
        assert principal.tenant_id == "acme" and "tenant_admin" in principal.roles
        assert principal.stores == frozenset({"A", "B"})
        catalogue = platform.services.call("contracts", "list_catalogue", CallContext(principal=principal))
        assert catalogue["items"] and catalogue["items"][0]["code"]
        with pytest.raises(Conflict):
            onboard_embedded_tenant(platform, tenant_id="acme", name="x", stores=["A"],
                                    admin_username="another@acme", admin_password="s3cret-pass")
    finally:
        platform.close()


def test_P05_a_refused_onboarding_writes_nothing(tmp_path: Path) -> None:
    platform = build_platform(Settings(data_dir=tmp_path))
    try:
        with pytest.raises(InvalidInput) as err:
            onboard_embedded_tenant(platform, tenant_id="beta", name="贝塔装饰", stores=["A", "bb"],
                                    admin_username="admin@beta", admin_password="s3cret-pass")
        assert err.value.field == "stores"
        assert not platform.directory.tenant_exists("beta") and platform.identity.users.count() == 0
    finally:
        platform.close()
