"""The staff portal in headless Chromium: sign in, register a lead, see it listed."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.platforms import Live, embedded

CHROMIUM = os.environ.get("RENOFLOW_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with embedded(tmp_path_factory.mktemp("portal")) as live:
        yield live


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian package `chromium`; set RENOFLOW_CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


def test_S01_designer_signs_in_and_registers_a_lead_in_the_portal(portal: Live, browser: Any,
                                                                  tmp_path: Path) -> None:
    page = browser.new_page()
    page.goto(portal.base_url + "/")
    page.fill("input[name=username]", "designer-a")
    page.fill("input[name=password]", "demo")
    page.click("#login-form button")
    page.wait_for_selector("#who-name")
    assert "designer" in page.inner_text("#who-meta")
    page.click("button[data-tab=leads]")
    page.wait_for_selector("#lead-form")
    page.fill("#lead-form input[name=customer_name]", "李娜")
    page.fill("#lead-form input[name=phone]", "13900002222")
    page.fill("#lead-form input[name=address]", "海淀区中关村大街 1 号")
    page.click("#lead-form button")
    page.wait_for_selector("text=李娜")
    page.screenshot(path=str(tmp_path / "portal-leads.png"), full_page=True)
    assert "李娜" in page.inner_text("#panel")


def test_P05_wrong_password_shows_the_reason(portal: Live, browser: Any) -> None:
    page = browser.new_page()
    page.goto(portal.base_url + "/")
    page.fill("input[name=username]", "designer-a")
    page.fill("input[name=password]", "wrong")
    page.click("#login-form button")
    page.wait_for_selector("#login-error:not(:empty)")
    assert page.inner_text("#login-error")
