"""The tenant admin's stores and staff screens (issue 12): a store and an account made in the portal
sign in at once, a disabled account is refused by the provider, and only the tenant admin gets in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.browser.conftest import DESKTOP, PHONE, sign_in_on_the_provider_page
from tests.platforms import Live

NEW_STORE = "Z"  # after A and B of the demo; the alphabet's end keeps it clear of other tests' stores
USERNAME = "zhou.zhen"
PASSWORD = "Qiang-Ban-2026!"


def fill(page: Any, test_id: str, name: str, value: str) -> None:
    page.fill(f"[data-test={test_id}] input[name={name}]", value)


def sign_in_with(portal: Live, browser: Any, username: str, password: str) -> tuple[Any, Any, list[str]]:
    """A fresh browser context at the provider's page, with the given password (not the demo's)."""
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(15_000)
    page.goto(portal.base_url + "/")
    sign_in_on_the_provider_page(page, username, password)
    return context, page, errors


def test_P05_tenant_admin_adds_a_store_and_a_staff_member_who_signs_in_until_disabled(
        portal: Live, browser: Any, sign_in: Any, tmp_path: Path) -> None:
    s = sign_in("tenant_admin")
    page = s.go("/stores")
    page.wait_for_selector("[data-test=stores] [data-row=A]")
    s.axe()

    # A lowercase code is refused with its field and rule; nothing is opened.
    page.click("[data-test=add-store]")
    fill(page, "store-form", "code", "z")
    fill(page, "store-form", "name", "滨江设计室")
    page.click("[data-test=save-store]")
    page.wait_for_selector("[data-test=store-form] [data-test=problem-rule]")
    assert "P05" in page.inner_text("[data-test=store-form] [data-test=problem-rule]")
    assert "店号" in page.inner_text("[data-test=store-form] .el-form-item__error")
    s.axe()
    assert all(st["code"] != "z" for st in portal.as_user("tenant_admin").get("/api/v1/admin/stores").json()["items"])
    fill(page, "store-form", "code", NEW_STORE)
    page.click("[data-test=save-store]")
    page.wait_for_selector(f"[data-test=stores] [data-row={NEW_STORE}]")
    assert "滨江设计室" in page.inner_text("[data-test=stores]")

    page = s.go("/staff")
    page.wait_for_selector("[data-test=staff] [data-row=tenant_admin]")
    page.click("[data-test=add-user]")
    fill(page, "user-form", "username", USERNAME)
    fill(page, "user-form", "display_name", "周振")
    fill(page, "user-form", "password", "short")
    page.click("[data-test=user-roles] [data-role=designer]")
    page.click(f"[data-test=user-stores] [data-store={NEW_STORE}]")
    s.axe()
    page.click("[data-test=save-user]")
    # The password policy's problem sits on the password field, and names its rule.
    page.wait_for_selector("[data-test=user-form] .el-form-item.is-error #u-password")
    assert "12" in page.inner_text("[data-test=user-form] .el-form-item__error")
    assert "P05" in page.inner_text("[data-test=user-form] [data-test=problem-rule]")
    page.wait_for_selector(".el-message", state="detached")  # the store's "saved" fades before the picture
    s.shot("tenant-admin-staff", tmp_path)
    fill(page, "user-form", "password", PASSWORD)
    page.click("[data-test=save-user]")
    page.wait_for_selector(f"[data-test=staff] [data-row='{USERNAME}']")
    listed = next(u for u in portal.as_user("tenant_admin").get("/api/v1/admin/users").json()["items"]
                  if u["username"] == USERNAME)
    assert listed["roles"] == ["designer"] and listed["stores"] == [NEW_STORE] and listed["enabled"]

    # The new designer signs in with that password and lands on their home, the leads.
    context, staff, errors = sign_in_with(portal, browser, USERNAME, PASSWORD)
    try:
        staff.wait_for_selector("[data-test=who-name]")
        assert staff.inner_text("[data-test=who-name]").strip() == "周振"
        staff.wait_for_url("**/#/leads")
        assert staff.locator("[data-nav=staff]").count() == 0
        assert errors == [], errors
    finally:
        context.close()

    # The admin's own account: the API refuses, and the screen shows why.
    page.click("[data-test=disable-tenant_admin]")
    page.click("[data-test=confirm-disable]")
    page.wait_for_selector("[data-test=problem-rule]")
    assert "P05" in page.inner_text("[data-test=problem-rule]")
    assert portal.as_user("tenant_admin").get("/api/v1/me").status_code == 200

    page.click(f"[data-test='disable-{USERNAME}']")
    page.click("[data-test=confirm-disable]")
    page.wait_for_selector(f"[data-test=staff] tr:has([data-row='{USERNAME}']) [data-enabled=no]")
    s.axe()

    context, staff, errors = sign_in_with(portal, browser, USERNAME, PASSWORD)
    try:
        staff.wait_for_selector("[data-test=login-error]")
        assert staff.locator("[data-test=who-name]").count() == 0
        assert errors == [], errors
    finally:
        context.close()


def test_P05_a_reset_password_breaking_the_policy_is_shown_on_its_field_then_the_new_one_signs_in(
        portal: Live, browser: Any, sign_in: Any) -> None:
    made = portal.as_user("tenant_admin").post("/api/v1/admin/users", json={
        "username": "wu.lei", "password": "Chu-Shi-Mi-Ma-01", "roles": ["designer"], "stores": ["A"],
        "display_name": "吴磊"})
    assert made.status_code == 201, made.text
    s = sign_in("tenant_admin")
    page = s.go("/staff")
    page.wait_for_selector("[data-test=staff] [data-row='wu.lei']")
    page.click("[data-test='reset-wu.lei']")
    fill(page, "reset-form", "password", "wu.lei-forgot-it")
    page.click("[data-test=save-reset]")
    page.wait_for_selector("[data-test=reset-form] .el-form-item.is-error #r-password")
    assert "username" in page.inner_text("[data-test=reset-form] .el-form-item__error")
    assert "P05" in page.inner_text("[data-test=reset-form] [data-test=problem-rule]")
    s.axe()
    fill(page, "reset-form", "password", PASSWORD)
    page.click("[data-test=save-reset]")
    page.wait_for_selector("[data-test=reset-form]", state="hidden")

    context, staff, errors = sign_in_with(portal, browser, "wu.lei", PASSWORD)
    try:
        staff.wait_for_selector("[data-test=who-name]")
        assert staff.inner_text("[data-test=who-name]").strip() == "吴磊"
        assert errors == [], errors
    finally:
        context.close()
    context, staff, errors = sign_in_with(portal, browser, "wu.lei", "Chu-Shi-Mi-Ma-01")
    try:
        staff.wait_for_selector("[data-test=login-error]")  # the old password no longer signs in
    finally:
        context.close()


def test_P01_only_the_tenant_admin_sees_the_menu_entries_and_the_screens_refuse_anyone_else(sign_in: Any) -> None:
    s = sign_in("designer-a")
    page = s.page
    page.wait_for_selector("[data-nav=leads]")
    assert page.locator("[data-nav=staff]").count() == 0 and page.locator("[data-nav=stores]").count() == 0
    for route, list_id in (("/staff", "staff"), ("/stores", "stores")):
        page = s.go(route)
        page.wait_for_selector("[data-test=problem-rule]")
        assert "P01" in page.inner_text("[data-test=problem-rule]")
        assert page.locator(f"[data-test={list_id}] [data-row]").count() == 0
    s.axe()


def test_P05_at_390px_the_staff_list_is_cards_with_their_actions(sign_in: Any, tmp_path: Path) -> None:
    s = sign_in("tenant_admin", PHONE)
    page = s.go("/staff")
    page.wait_for_selector("[data-test=staff] .row-card[data-row=tenant_admin]")
    assert page.locator("[data-test=staff] table").count() == 0
    card = page.locator("[data-test=staff] .row-card[data-row=tenant_admin]")
    assert card.locator("[data-test=reset-tenant_admin]").count() == 1
    s.axe()
    page = s.go("/stores")
    page.wait_for_selector("[data-test=stores] .row-card[data-row=A]")
    s.axe()
    s.shot("tenant-admin-stores", tmp_path)
