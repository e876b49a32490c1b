"""The tenant admin's company settings screen (decision 0036), at desktop width."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.platforms import Live


def test_P06_tenant_admin_sets_the_company_name_and_a_store_sees_it(portal: Live, sign_in: Any, tmp_path: Path) -> None:
    admin = portal.as_user("tenant_admin")
    before = admin.get("/api/v1/admin/settings").json()
    s = sign_in("tenant_admin")
    try:
        page = s.go("/settings")
        page.wait_for_selector("[data-store='A']")
        page.wait_for_selector("[data-store='B']")
        s.axe()
        # Element Plus puts the attribute on the native input or its wrapper, by version.
        page.fill("input[data-test=company-name], [data-test=company-name] input", "演示装饰工程有限公司")
        page.click("[data-test=save-hq]")
        page.wait_for_function(f"() => document.body.innerText.includes('版本 {before['version'] + 1}')")
        assert admin.get("/api/v1/admin/settings").json()["company_name"] == "演示装饰工程有限公司"
        assert portal.as_user("designer-a").get("/api/v1/settings").json()["company_name"] == "演示装饰工程有限公司"
    finally:  # the demo tenant's other browser tests see its settings as they were
        restored = admin.put("/api/v1/admin/settings", json={k: before[k] for k in ("company_name", "defaults",
                                                                                    "store_overridable")})
        assert restored.status_code == 200, restored.text
