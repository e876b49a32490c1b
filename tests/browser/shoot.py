"""Screenshots of each role's home for the README, from a running portal with the living demo.

    .venv/bin/renoflow up --port 8391 --data-dir /tmp/demo &   # an empty data dir seeds the demo
    .venv/bin/python -m tests.browser.shoot http://127.0.0.1:8391 docs/screenshots
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM, DESKTOP, PHONE, sign_in_on_the_provider_page

#: user, the width they work at, and what shows that their home has loaded.
HOMES = [
    ("designer-a", DESKTOP, "[data-test=leads] .data-row"),
    ("studio_manager-a", DESKTOP, "[data-test=dash-stores] .data-row"),
    ("marketing-a", PHONE, "[data-test=leads]"),
    ("finance-a", DESKTOP, "[data-test=payment-contracts] .data-row"),
    ("cashier-a", PHONE, "[data-test=payment-contracts] .row-card"),
    ("foreman-a", PHONE, "[data-test=projects] .row-card"),
    ("qc-a", PHONE, "[data-test=projects] .row-card"),
    ("aftercare-a", PHONE, "[data-test=complaints]"),
    ("hq", DESKTOP, "[data-test=chart] canvas"),
    ("general_manager", DESKTOP, "[data-test=chart] canvas"),
]


def main(base_url: str, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for username, viewport, ready in HOMES:
            context = browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai")
            page = context.new_page()
            page.goto(base_url + "/")
            sign_in_on_the_provider_page(page, username)
            page.wait_for_selector(ready, timeout=30_000)
            page.wait_for_timeout(800)  # charts animate in
            name = username.removesuffix("-a")
            page.screenshot(path=str(target / f"{name}.png"))
            print(target / f"{name}.png")
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
