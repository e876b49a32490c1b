"""The embedded provider's authorization codes and PKCE check, below the HTTP layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from renoflow.identity.authorization import (
    AuthorizationCodes,
    AuthorizationError,
    AuthorizationRequest,
    RedirectedError,
    default_redirect_uris,
    parse_request,
    s256,
    verifier_matches,
)
from renoflow.identity.users import UserStore

# RFC 7636 Appendix B.
RFC_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
RFC_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
PORTAL = "http://127.0.0.1:8000/"


def test_H6_s256_is_rfc_7636s_example() -> None:
    assert s256(RFC_VERIFIER) == RFC_CHALLENGE
    assert verifier_matches(RFC_VERIFIER, RFC_CHALLENGE)
    assert not verifier_matches(RFC_VERIFIER[:-1] + "l", RFC_CHALLENGE)
    assert not verifier_matches(RFC_CHALLENGE, RFC_CHALLENGE), "the challenge itself is no verifier"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def codes(tmp_path: Path) -> tuple[AuthorizationCodes, Clock]:
    users = UserStore(f"sqlite:///{tmp_path / 'identity.db'}", scrypt_n=2**10)
    users.ensure_schema()
    clock = Clock()
    return AuthorizationCodes(users.engine, clock=clock), clock


REQUEST = AuthorizationRequest(client_id="renoflow-web", redirect_uri=PORTAL, code_challenge=RFC_CHALLENGE)


def test_H6_a_code_lives_sixty_seconds(codes: tuple[AuthorizationCodes, Clock]) -> None:
    store, clock = codes
    fresh, stale = store.issue(REQUEST, "u1"), store.issue(REQUEST, "u2")
    clock.now += 59
    issued = store.redeem(fresh)
    assert issued is not None and issued.user_id == "u1" and issued.code_challenge == RFC_CHALLENGE
    clock.now += 2
    assert store.redeem(stale) is None


def test_H6_a_code_is_redeemed_once(codes: tuple[AuthorizationCodes, Clock]) -> None:
    store, _ = codes
    code = store.issue(REQUEST, "u1")
    assert store.redeem(code) is not None
    assert store.redeem(code) is None
    assert store.redeem("") is None


def params(**overrides: str) -> dict[str, str]:
    return {"response_type": "code", "client_id": "renoflow-web", "redirect_uri": PORTAL,
            "code_challenge": RFC_CHALLENGE, "code_challenge_method": "S256", "state": "s1", **overrides}


def check(**overrides: str) -> AuthorizationRequest:
    return parse_request(params(**overrides), client_id="renoflow-web", redirect_uris=frozenset({PORTAL}),
                         issuer="http://127.0.0.1:8000/realms/renoflow")


def test_H6_client_and_redirect_uri_are_checked_before_anything_is_redirected() -> None:
    assert check().state == "s1"
    for bad in ({"client_id": "x"}, {"redirect_uri": PORTAL + "x"}, {"redirect_uri": PORTAL.rstrip("/")},
                {"redirect_uri": PORTAL.upper()}):
        with pytest.raises(AuthorizationError):
            check(**bad)
    with pytest.raises(RedirectedError) as refused:
        check(code_challenge_method="plain")
    assert refused.value.location.startswith(PORTAL + "?error=invalid_request")
    assert "state=s1" in refused.value.location


def test_H6_the_portal_is_both_loopback_names_by_default() -> None:
    assert default_redirect_uris("127.0.0.1", 8000) == {"http://127.0.0.1:8000/", "http://localhost:8000/"}
    assert default_redirect_uris("renoflow.example", 443) == {"http://renoflow.example:443/"}


def test_H6_the_portal_signs_in_at_keycloaks_endpoints_or_at_the_gateways_own_paths() -> None:
    from renoflow.identity.router import portal_auth_config
    from shared.settings import Settings

    keycloak = portal_auth_config(Settings(oidc_issuer="http://keycloak:8080/realms/renoflow/"), served_here=False)
    assert keycloak == {
        "issuer": "http://keycloak:8080/realms/renoflow", "client_id": "renoflow-web",
        "authorization_endpoint": "http://keycloak:8080/realms/renoflow/protocol/openid-connect/auth",
        "token_endpoint": "http://keycloak:8080/realms/renoflow/protocol/openid-connect/token",
        "end_session_endpoint": "http://keycloak:8080/realms/renoflow/protocol/openid-connect/logout"}
    embedded = portal_auth_config(Settings(), served_here=True)
    assert embedded["issuer"] == "http://127.0.0.1:8000/realms/renoflow"
    assert embedded["token_endpoint"] == "/realms/renoflow/protocol/openid-connect/token"
