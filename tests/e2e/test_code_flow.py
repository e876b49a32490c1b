"""The portal's sign-in: authorization code with PKCE (S256), in both modes (issue 12 item 4).

What a browser does, by hand: the authorize endpoint shows the provider's login page, the form
post answers with a redirect carrying a one-time code, and the token endpoint exchanges the code
for tokens only with the verifier of its challenge, at the same redirect URI, once.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest

from tests.platforms import Live

REALM = "/realms/renoflow"
AUTH = f"{REALM}/protocol/openid-connect/auth"
TOKEN = f"{REALM}/protocol/openid-connect/token"


def challenge_of(verifier: str) -> str:
    # Computed here from RFC 7636 §4.2, not with the provider's helper, so a shared bug cannot hide.
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


class Flow:
    """One sign-in attempt of the portal: its verifier, state and redirect URI."""

    def __init__(self, live: Live, redirect_uri: str | None = None) -> None:
        self.live = live
        self.client = httpx.Client(base_url=live.base_url, timeout=30, follow_redirects=False)
        self.verifier = secrets.token_urlsafe(48)
        self.state = secrets.token_urlsafe(12)
        self.nonce = secrets.token_urlsafe(12)
        self.redirect_uri = redirect_uri or f"{live.base_url}/"

    def params(self, **overrides: str) -> dict[str, str]:
        return {"response_type": "code", "client_id": "renoflow-web", "redirect_uri": self.redirect_uri,
                "scope": "openid", "state": self.state, "nonce": self.nonce,
                "code_challenge": challenge_of(self.verifier), "code_challenge_method": "S256", **overrides}

    def login(self, username: str = "designer-a", password: str = "demo", **overrides: str) -> httpx.Response:
        return self.client.post(AUTH, data={**self.params(**overrides), "username": username, "password": password})

    def code(self, username: str = "designer-a") -> str:
        res = self.login(username)
        assert res.status_code == 303, res.text
        location = res.headers["location"]
        assert location.startswith(self.redirect_uri + "?")
        query = parse_qs(urlsplit(location).query)
        assert query["state"] == [self.state]
        return query["code"][0]

    def exchange(self, code: str, verifier: str | None = None, **overrides: str) -> httpx.Response:
        return self.client.post(TOKEN, data={
            "grant_type": "authorization_code", "client_id": "renoflow-web", "code": code,
            "redirect_uri": self.redirect_uri, "code_verifier": verifier or self.verifier, **overrides})


@pytest.fixture
def flow(live: Live) -> Flow:
    return Flow(live)


def test_H6_authorize_login_code_and_token_with_the_verifier_sign_the_user_in(live: Live, flow: Flow) -> None:
    page = flow.client.get(AUTH, params=flow.params())
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert re.search(r'<input[^>]+name="username"', page.text) and 'name="password"' in page.text
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    # The page carries the request through its form, escaped, so the post is the same request.
    assert f'name="state" value="{flow.state}"' in page.text

    res = flow.login()
    assert res.status_code == 303
    query = parse_qs(urlsplit(res.headers["location"]).query)
    assert query["iss"] == [live.settings.issuer if live.settings else ""]
    tokens = flow.exchange(query["code"][0])
    assert tokens.status_code == 200, tokens.text
    assert tokens.headers["cache-control"] == "no-store"
    body = tokens.json()
    me = httpx.get(f"{live.base_url}/api/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200 and me.json()["username"] == "designer-a"
    identity = jwt.decode(body["id_token"], options={"verify_signature": False})
    assert (identity["aud"], identity["nonce"], identity["typ"]) == ("renoflow-web", flow.nonce, "ID")
    # The ID token is no access token: the gateway refuses it.
    assert httpx.get(f"{live.base_url}/api/v1/me",
                     headers={"Authorization": f"Bearer {body['id_token']}"}).status_code == 401


def test_H6_a_wrong_verifier_is_refused_and_spends_the_code(flow: Flow) -> None:
    code = flow.code()
    wrong = flow.exchange(code, verifier=secrets.token_urlsafe(48))
    assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_grant")
    assert "PKCE" in wrong.json()["error_description"]
    # One guess only: the right verifier afterwards no longer helps whoever stole the code.
    assert flow.exchange(code).status_code == 400


@pytest.mark.parametrize("verifier", ["short", "x" * 129, "é" * 50])
def test_P05_a_malformed_verifier_is_refused(flow: Flow, verifier: str) -> None:
    res = flow.exchange(flow.code(), verifier=verifier)
    assert (res.status_code, res.json()["error"]) == (400, "invalid_grant")


def test_H6_a_code_works_once(flow: Flow) -> None:
    code = flow.code()
    assert flow.exchange(code).status_code == 200
    again = flow.exchange(code)
    assert (again.status_code, again.json()) == (400, {"error": "invalid_grant", "error_description": "Code not valid"})


def test_H6_a_made_up_or_missing_code_is_refused(flow: Flow) -> None:
    assert flow.exchange(secrets.token_urlsafe(32)).json()["error"] == "invalid_grant"
    missing = flow.exchange("")
    assert (missing.status_code, missing.json()["error"]) == (400, "invalid_request")
    assert flow.exchange("x" * 5000).status_code == 400


def test_H6_a_foreign_redirect_uri_is_refused_without_redirecting(live: Live) -> None:
    for foreign in ("https://evil.example/", f"{live.base_url}/elsewhere", f"{live.base_url}",
                    f"{live.base_url}/?next=x", "javascript:alert(1)"):
        flow = Flow(live, redirect_uri=foreign)
        page = flow.client.get(AUTH, params=flow.params())
        assert page.status_code == 400 and "location" not in page.headers, foreign
        posted = flow.login()
        assert posted.status_code == 400 and "location" not in posted.headers, foreign


def test_H6_the_code_is_bound_to_its_redirect_uri_and_client(live: Live, flow: Flow) -> None:
    other = "http://localhost:" + str(urlsplit(live.base_url).port) + "/"  # registered too, but not this code's
    res = flow.exchange(flow.code(), redirect_uri=other)
    assert res.json() == {"error": "invalid_grant", "error_description": "Incorrect redirect_uri"}
    res = flow.exchange(flow.code(), client_id="someone-else")
    assert res.status_code == 401 and res.json()["error"] == "invalid_client"


def test_H6_an_unknown_client_gets_an_error_page(flow: Flow) -> None:
    page = flow.client.get(AUTH, params=flow.params(client_id="intruder"))
    assert page.status_code == 400 and "location" not in page.headers


@pytest.mark.parametrize(("overrides", "error"), [
    ({"code_challenge_method": "plain"}, "invalid_request"),
    ({"code_challenge_method": ""}, "invalid_request"),
    ({"code_challenge": ""}, "invalid_request"),
    ({"code_challenge": "not-a-sha256"}, "invalid_request"),
    ({"response_type": "token"}, "unsupported_response_type"),
    ({"response_mode": "fragment"}, "invalid_request"),
    ({"state": "s" * 600}, "invalid_request"),
])
def test_H6_pkce_s256_is_required_and_errors_go_back_to_the_client(
        flow: Flow, overrides: dict[str, str], error: str) -> None:
    res = flow.client.get(AUTH, params=flow.params(**overrides))
    assert res.status_code == 303
    location = res.headers["location"]
    assert location.startswith(flow.redirect_uri + "?")
    assert parse_qs(urlsplit(location).query)["error"] == [error]
    assert "code=" not in location


def test_H6_a_wrong_password_shows_the_page_again_without_a_code(flow: Flow) -> None:
    res = flow.login(password="not-demo")
    assert res.status_code == 401 and "location" not in res.headers
    assert 'data-test="login-error"' in res.text and 'value="designer-a"' in res.text
    assert flow.login(username="x" * 10_000).status_code == 401


def test_H6_the_login_page_escapes_what_it_echoes(flow: Flow) -> None:
    flow.state = '"><script>alert(1)</script>'
    page = flow.client.get(AUTH, params=flow.params())
    assert page.status_code == 200 and "<script>" not in page.text


def test_H6_discovery_advertises_only_what_is_served(live: Live, flow: Flow) -> None:
    config = httpx.get(f"{live.base_url}{REALM}/.well-known/openid-configuration").json()
    assert config["code_challenge_methods_supported"] == ["S256"]
    assert config["response_types_supported"] == ["code"]
    assert "authorization_code" in config["grant_types_supported"]
    issuer = config["issuer"]
    for name in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri", "end_session_endpoint"):
        assert config[name].startswith(issuer + "/protocol/openid-connect/"), name
        path = config[name].removeprefix(issuer.removesuffix(REALM))
        answer = flow.client.post(path) if name == "token_endpoint" else flow.client.get(path)
        assert answer.status_code not in (404, 405), f"{name} {path} is not served"


def test_H6_the_portal_learns_where_to_sign_in_and_logout_returns_only_to_the_portal(live: Live, flow: Flow) -> None:
    config = httpx.get(f"{live.base_url}/portal-auth.json").json()
    assert config["client_id"] == "renoflow-web"
    # Served by the gateway itself here: same-origin paths, whichever host name the browser used.
    assert config["authorization_endpoint"] == AUTH and config["token_endpoint"] == TOKEN
    out = flow.client.get(config["end_session_endpoint"], params={
        "client_id": "renoflow-web", "post_logout_redirect_uri": flow.redirect_uri})
    assert out.status_code == 303 and out.headers["location"] == flow.redirect_uri
    evil = flow.client.get(config["end_session_endpoint"], params={
        "client_id": "renoflow-web", "post_logout_redirect_uri": "https://evil.example/"})
    assert evil.status_code == 400 and "location" not in evil.headers
