"""The portal signs in with the authorization-code flow and PKCE, the same way against either provider.

The password goes to the identity provider's own page and nowhere else; the portal sends only the
code and its verifier to the token endpoint (issue 12 item 4).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from tests.browser.conftest import CHROMIUM, DESKTOP, sign_in_on_the_provider_page
from tests.platforms import Live

TOKEN_PATH = "/realms/renoflow/protocol/openid-connect/token"
AUTH_PATH = "/realms/renoflow/protocol/openid-connect/auth"


def test_H6_the_portal_signs_in_through_the_providers_page_with_a_code_and_its_verifier(
        portal: Live, browser: Any) -> None:
    assert CHROMIUM
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    posts: list[tuple[str, dict[str, list[str]]]] = []
    page.on("request", lambda r: posts.append((r.url, parse_qs(r.post_data or ""))) if r.method == "POST" else None)
    try:
        page.goto(portal.base_url + "/#/leads")
        # No password field in the portal any more: only the way to the provider.
        page.wait_for_selector("[data-test=login-start]")
        assert page.locator("input[type=password]").count() == 0
        sign_in_on_the_provider_page(page, "designer-a", "wrong-password")
        page.wait_for_selector("[data-test=login-error]")
        assert AUTH_PATH in page.url
        page.fill("input[name=password]", "demo")
        page.click("[data-test=login-submit]")
        page.wait_for_selector("[data-test=who-name]")
        assert page.locator("[data-test=who-name]").inner_text().strip()
        # Back where the user set out to go, and the code is gone from the address bar.
        page.wait_for_url("**/#/leads")
        assert "code=" not in page.url and "state=" not in page.url

        token_posts = [form for url, form in posts if url.endswith(TOKEN_PATH)]
        assert len(token_posts) == 1
        (form,) = token_posts
        assert form["grant_type"] == ["authorization_code"]
        assert len(form["code_verifier"][0]) >= 43 and "password" not in form
        logins = [form for url, form in posts if AUTH_PATH in url]
        assert logins and all("code_challenge" in f and f["code_challenge_method"] == ["S256"] for f in logins)
        assert not [url for url, form in posts if "password" in form and AUTH_PATH not in url], \
            "the password is posted to the provider's login page only"

        # Sign-out goes through the provider's logout and back to the portal's login screen.
        page.click("[data-test=sign-out]")
        page.wait_for_selector("[data-test=login-start]")
        assert page.evaluate("sessionStorage.getItem('renoflow.session')") is None
        assert errors == [], errors
    finally:
        context.close()
