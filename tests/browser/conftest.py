"""One embedded platform and one Chromium for the whole browser suite; helpers to sign in and run axe."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.platforms import Live, embedded
from tests.servers import require

CHROMIUM = os.environ.get("RENOFLOW_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "axe.min.js"  # axe-core 4.11.0, vendored from the pinned npm package
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}
#: `RENOFLOW_SCREENSHOTS=docs/screenshots` refreshes the README's pictures of each role's home.
SHOTS = os.environ.get("RENOFLOW_SCREENSHOTS")
# Every transition and animation off, for the moment axe judges colours (see Session.axe).
NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"


@pytest.fixture(scope="session")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with embedded(tmp_path_factory.mktemp("portal")) as live:
        yield live


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        # CI installs it (scripts/system-packages) and fails here rather than skip the portal's tests.
        require(f"no Chromium at {CHROMIUM} (Debian package `chromium`; set RENOFLOW_CHROMIUM)")
    from playwright.sync_api import sync_playwright  # the dev extra: absent means a broken install

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


def sign_in_on_the_provider_page(page: Any, username: str, password: str = "demo") -> None:
    """From the portal's login screen through the identity provider's page (code flow with PKCE)."""
    page.click("[data-test=login-start]")
    page.wait_for_selector("form[data-test=login-form] input[name=username]")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("[data-test=login-submit]")


class Session:
    """A signed-in page of one user at one width; fails the test on any script error."""

    def __init__(self, portal: Live, browser: Any, username: str, viewport: dict[str, int]) -> None:
        self.portal = portal
        self.context = browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai")
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.set_default_timeout(15_000)
        self.page.goto(portal.base_url + "/")
        sign_in_on_the_provider_page(self.page, username)
        self.page.wait_for_selector("[data-test=who-name]")

    def go(self, route: str) -> Any:
        self.page.goto(f"{self.portal.base_url}/#{route}")
        return self.page

    def axe(self) -> None:
        """No serious or critical accessibility violation on the page as it is now."""
        # Colours are judged on what the page settles to, not mid-fade: a toast or dialog caught halfway
        # through its transition blends with its background (a slow CI machine caught one). With
        # transitions off, everything in flight jumps to its end state, and anything that starts to
        # fade out while axe runs is gone at once instead of half-transparent.
        still = self.page.add_style_tag(content=NO_MOTION)
        self.page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate("""async () => {
            const r = await axe.run(document, { resultTypes: ['violations'] });
            return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => ({ id: v.id, impact: v.impact, help: v.help,
                           nodes: v.nodes.slice(0, 3).map(n => `${n.target.join(' ')} — ${n.failureSummary || ''}`) }));
        }""")
        still.evaluate("node => node.remove()")
        assert result == [], json.dumps(result, ensure_ascii=False, indent=1)

    def shot(self, name: str, tmp: Path) -> None:
        self.page.wait_for_timeout(300)  # transitions of Element Plus settle
        target = Path(SHOTS) if SHOTS else tmp
        target.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(target / f"{name}.png"), full_page=False)

    def close(self, keep: Path | None = None) -> None:
        if keep:  # what the page showed when its test failed
            self.page.screenshot(path=str(keep), full_page=True)
        assert self.errors == [], self.errors
        self.context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.failed_call = report.failed  # type: ignore[attr-defined]


@pytest.fixture
def sign_in(portal: Live, browser: Any, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    opened: list[Session] = []

    def open_as(username: str, viewport: dict[str, int] = DESKTOP) -> Session:
        session = Session(portal, browser, username, viewport)
        opened.append(session)
        return session

    yield open_as
    failed = getattr(request.node, "failed_call", False)
    for i, session in enumerate(opened):
        session.close(tmp_path / f"failed-{i}.png" if failed else None)
        if failed:
            print(f"screenshot of the failed page: {tmp_path / f'failed-{i}.png'}")
