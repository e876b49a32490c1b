"""The embedded identity provider speaks Keycloak's paths, errors and token shape (api.md, Conventions)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from gateway.auth.authenticator import Authenticator
from gateway.auth.jwks import CachedJwks
from gateway.auth.tokens import TokenValidator
from gateway.directory import Directory
from renoflow.identity.demo import DEMO_TENANTS, seed_demo
from renoflow.identity.keys import SigningKey, jwk_thumbprint
from renoflow.identity.lockout import BruteForcePolicy
from renoflow.identity.provider import EmbeddedIdentityProvider
from renoflow.identity.router import build_identity_router
from renoflow.identity.users import UserStore
from shared.errors import Unauthenticated
from shared.settings import Settings

TOKEN_PATH = "/realms/renoflow/protocol/openid-connect/token"


class Realm:
    def __init__(self, data_dir: Path) -> None:
        self.settings = Settings(data_dir=data_dir, host="127.0.0.1", port=8000)
        # A cheap scrypt cost keeps the 29 demo users fast to seed; the format is the same.
        users = UserStore(f"sqlite:///{data_dir / 'identity.db'}", scrypt_n=2**10)
        self.provider = EmbeddedIdentityProvider(self.settings, users=users)
        self.directory = Directory("sqlite://")
        self.directory.ensure_schema()
        self.seeded = seed_demo(self.provider, self.directory)
        app = FastAPI()
        app.include_router(build_identity_router(self.provider))
        self.client = TestClient(app)
        self.validator = TokenValidator(self.settings.issuer, "renoflow-api", CachedJwks(self.provider, 300))

    def token(self, username: str, password: str = "demo", **extra: str) -> Any:
        return self.client.post(TOKEN_PATH, data={
            "grant_type": "password", "client_id": "renoflow-web", "username": username,
            "password": password, **extra})


@pytest.fixture(scope="module")
def realm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Realm]:
    yield Realm(tmp_path_factory.mktemp("identity"))


@pytest.mark.parametrize(("username", "tenant", "roles", "stores"), [
    ("designer-a", "demo", {"designer"}, {"A"}),
    ("finance-a", "demo", {"finance"}, {"A"}),
    ("designer-b", "demo", {"designer"}, {"B"}),
    ("designer-a@other", "other", {"designer"}, {"A"}),
    ("hq", "demo", {"hq"}, {"A", "B"}),
])
def test_password_grant_issues_a_token_the_gateway_accepts(
    realm: Realm, username: str, tenant: str, roles: set[str], stores: set[str]
) -> None:
    res = realm.token(username)
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == realm.settings.access_token_minutes * 60
    assert body["refresh_expires_in"] > body["expires_in"]
    assert res.headers["cache-control"] == "no-store"
    principal = Authenticator(realm.validator, realm.directory).authenticate(f"Bearer {body['access_token']}")
    assert (principal.tenant_id, principal.username, principal.roles, principal.stores) == (
        tenant, username, roles, stores)


def test_access_token_has_keycloaks_shape(realm: Realm) -> None:
    token = realm.token("designer-a").json()["access_token"]
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "RS256" and header["kid"] == realm.provider.key.kid
    claims = realm.validator.validate(token)
    assert claims["iss"] == "http://127.0.0.1:8000/realms/renoflow"
    assert "renoflow-api" in claims["aud"]
    assert (claims["azp"], claims["typ"]) == ("renoflow-web", "Bearer")
    assert claims["organization"] == ["demo"] and claims["stores"] == ["A"]
    assert claims["realm_access"]["roles"] == ["designer"]
    assert claims["preferred_username"] == "designer-a" and claims["name"] == "设计师 A"
    for name in ("sub", "sid", "jti", "scope", "email", "iat", "exp"):
        assert claims[name], name


def test_sub_is_stable_per_user(realm: Realm) -> None:
    first = realm.validator.validate(realm.token("qc-a").json()["access_token"])
    second = realm.validator.validate(realm.token("qc-a").json()["access_token"])
    assert first["sub"] == second["sub"] and first["jti"] != second["jti"]


@pytest.mark.parametrize(("username", "password"), [("designer-a", "wrong"), ("nobody", "demo"),
                                                    ("designer-a", "")])
def test_bad_credentials_answer_invalid_grant(realm: Realm, username: str, password: str) -> None:
    res = realm.token(username, password)
    assert res.status_code == 401
    assert res.json() == {"error": "invalid_grant", "error_description": "Invalid user credentials"}


def test_unknown_client_answers_invalid_client(realm: Realm) -> None:
    res = realm.client.post(TOKEN_PATH, data={
        "grant_type": "password", "client_id": "admin-cli", "username": "designer-a", "password": "demo"})
    assert res.status_code == 401 and res.json()["error"] == "invalid_client"


def test_unsupported_grant_answers_400(realm: Realm) -> None:
    res = realm.client.post(TOKEN_PATH, data={"grant_type": "client_credentials",
                                              "client_id": "renoflow-web"})
    assert res.status_code == 400 and res.json()["error"] == "unsupported_grant_type"


def test_refresh_grant_issues_new_tokens(realm: Realm) -> None:
    first = realm.token("designer-a").json()
    res = realm.client.post(TOKEN_PATH, data={
        "grant_type": "refresh_token", "client_id": "renoflow-web", "refresh_token": first["refresh_token"]})
    assert res.status_code == 200, res.text
    claims = realm.validator.validate(res.json()["access_token"])
    assert claims["preferred_username"] == "designer-a"
    assert claims["sid"] == realm.validator.validate(first["access_token"])["sid"]


def test_refresh_token_is_refused_as_access_token_and_vice_versa(realm: Realm) -> None:
    tokens = realm.token("designer-a").json()
    with pytest.raises(Unauthenticated):
        realm.validator.validate(tokens["refresh_token"])
    res = realm.client.post(TOKEN_PATH, data={
        "grant_type": "refresh_token", "client_id": "renoflow-web", "refresh_token": tokens["access_token"]})
    assert res.status_code == 400 and res.json()["error"] == "invalid_grant"


def test_openid_configuration_lists_the_endpoints(realm: Realm) -> None:
    res = realm.client.get("/realms/renoflow/.well-known/openid-configuration")
    assert res.status_code == 200
    config = res.json()
    base = "http://127.0.0.1:8000/realms/renoflow"
    assert config["issuer"] == base
    assert config["token_endpoint"] == f"{base}/protocol/openid-connect/token"
    assert config["jwks_uri"] == f"{base}/protocol/openid-connect/certs"
    assert config["userinfo_endpoint"] == f"{base}/protocol/openid-connect/userinfo"
    assert "password" in config["grant_types_supported"]
    assert realm.client.get("/realms/nope/.well-known/openid-configuration").status_code == 404


def test_certs_serve_the_signing_key(realm: Realm) -> None:
    keys = realm.client.get("/realms/renoflow/protocol/openid-connect/certs").json()["keys"]
    assert [(k["kid"], k["kty"], k["alg"], k["use"]) for k in keys] == [
        (realm.provider.key.kid, "RSA", "RS256", "sig")]
    assert "d" not in keys[0]  # never the private part


def test_userinfo_answers_for_a_valid_token_only(realm: Realm) -> None:
    token = realm.token("hq@other").json()["access_token"]
    path = "/realms/renoflow/protocol/openid-connect/userinfo"
    res = realm.client.get(path, headers={"Authorization": f"Bearer {token}"})
    assert res.status_code == 200 and res.json()["organization"] == ["other"]
    assert realm.client.get(path).status_code == 401
    bad = realm.client.get(path, headers={"Authorization": "Bearer x.y.z"})
    assert bad.status_code == 401 and bad.json()["error"] == "invalid_token"


def test_demo_seed_is_complete_and_idempotent(realm: Realm) -> None:
    assert realm.seeded is True
    assert seed_demo(realm.provider, realm.directory) is False
    # 13 store roles x 2 stores + 3 tenant-wide + 3 A05 approvers of every store + 2 of other
    assert realm.provider.users.count() == 34
    demo = next(t for t in DEMO_TENANTS if t.tenant_id == "demo")
    assert {u.username for u in demo.users} >= {"studio_assistant-b", "aftercare-a", "tenant_admin"}
    assert [s.code for s in realm.directory.stores_of_tenant("demo")] == ["A", "B"]
    assert realm.directory.stores_of("demo", "foreman-b") == {"B"}
    assert realm.directory.stores_of("demo", "deputy_chief_engineer") == {"A", "B"}


def test_signing_key_is_persisted_with_its_thumbprint(tmp_path: Path) -> None:
    first = SigningKey.load_or_create(tmp_path)
    second = SigningKey.load_or_create(tmp_path)
    assert first.kid == second.kid
    assert (tmp_path / "signing-key.pem").stat().st_mode & 0o077 == 0


def test_kid_is_the_rfc_7638_thumbprint() -> None:
    # The example key of RFC 7638 §3.1 and the thumbprint the RFC gives for it.
    rfc_n = ("0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECP"
             "ebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY3"
             "68QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4l"
             "Fd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw")
    thumbprint = jwk_thumbprint({"kty": "RSA", "n": rfc_n, "e": "AQAB"})
    assert thumbprint == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"


# --- Issue 6 item 8: brute-force protection as in Keycloak's realm setting ---------------------

class FakeClock:
    def __init__(self) -> None:
        self.now = 1_750_000_000.0

    def __call__(self) -> float:
        return self.now


class LockingRealm:
    """A provider with three users and a clock the test moves (no sleeping through a lock)."""

    def __init__(self, data_dir: Path, clock: FakeClock) -> None:
        settings = Settings(data_dir=data_dir, host="127.0.0.1", port=8000)
        users = UserStore(f"sqlite:///{data_dir / 'identity.db'}", scrypt_n=2**10)
        self.provider = EmbeddedIdentityProvider(settings, users=users, clock=clock)
        if users.count() == 0:
            for name in ("wang", "li", "zhao"):
                users.add_user(name, f"{name}-secret", organization="demo", roles=["designer"], stores=["A"])
        app = FastAPI()
        app.include_router(build_identity_router(self.provider))
        self.client = TestClient(app)

    def login(self, username: str, password: str) -> Any:
        return self.client.post(TOKEN_PATH, data={
            "grant_type": "password", "client_id": "renoflow-web", "username": username, "password": password})

    def fail(self, username: str, times: int) -> None:
        for _ in range(times):
            assert self.login(username, "guess").status_code == 401


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def locking(tmp_path: Path, clock: FakeClock) -> LockingRealm:
    return LockingRealm(tmp_path, clock)


WRONG = {"error": "invalid_grant", "error_description": "Invalid user credentials"}


def test_H6_ten_wrong_passwords_lock_and_the_right_one_gets_the_wrong_ones_answer(locking: LockingRealm) -> None:
    locking.fail("wang", 10)
    right = locking.login("wang", "wang-secret")
    wrong = locking.login("wang", "guess")
    assert (right.status_code, right.json()) == (401, WRONG)
    assert (wrong.status_code, wrong.json()) == (right.status_code, right.json())
    assert right.headers["cache-control"] == wrong.headers["cache-control"] == "no-store"


def test_H6_nine_wrong_passwords_do_not_lock(locking: LockingRealm) -> None:
    locking.fail("wang", 9)
    assert locking.login("wang", "wang-secret").status_code == 200


def test_H6_the_lock_lasts_60_seconds_then_the_right_password_works(locking: LockingRealm, clock: FakeClock) -> None:
    locking.fail("wang", 10)
    clock.now += 59.5
    assert locking.login("wang", "wang-secret").status_code == 401
    clock.now += 0.5
    assert locking.login("wang", "wang-secret").status_code == 200


def test_H6_a_success_resets_the_count(locking: LockingRealm) -> None:
    locking.fail("wang", 9)
    assert locking.login("wang", "wang-secret").status_code == 200
    locking.fail("wang", 9)
    assert locking.login("wang", "wang-secret").status_code == 200


def test_H6_the_lock_is_per_user(locking: LockingRealm) -> None:
    locking.fail("wang", 10)
    assert locking.login("li", "li-secret").status_code == 200
    assert locking.login("wang", "wang-secret").status_code == 401


def test_H6_guesses_while_locked_are_not_counted_and_locks_grow_like_keycloaks(
    locking: LockingRealm, clock: FakeClock
) -> None:
    # Keycloak's MULTIPLE strategy: locked 60 s for every full 10 consecutive failures, at most 900 s.
    locking.fail("wang", 10)
    locking.fail("wang", 30)  # refused while locked, and not counted
    clock.now += 60
    locking.fail("wang", 1)  # the 11th in a row: 60 s again
    clock.now += 59
    assert locking.login("wang", "wang-secret").status_code == 401
    for _ in range(9):  # the 12th to the 20th, each after the lock before it ended
        clock.now += 60
        locking.fail("wang", 1)
    clock.now += 119
    assert locking.login("wang", "wang-secret").status_code == 401
    clock.now += 1
    assert locking.login("wang", "wang-secret").status_code == 200


def test_H6_failures_older_than_the_max_delta_time_are_forgotten(locking: LockingRealm, clock: FakeClock) -> None:
    locking.fail("wang", 9)
    clock.now += 12 * 3600 + 1  # maxDeltaTimeSeconds 43200
    locking.fail("wang", 1)
    assert locking.login("wang", "wang-secret").status_code == 200


def test_H6_the_lock_holds_across_processes_sharing_the_users(tmp_path: Path, clock: FakeClock) -> None:
    first, second = LockingRealm(tmp_path, clock), LockingRealm(tmp_path, clock)
    first.fail("zhao", 5)
    second.fail("zhao", 5)
    assert first.login("zhao", "zhao-secret").status_code == 401
    assert second.login("zhao", "zhao-secret").status_code == 401


def test_H6_unknown_users_get_the_same_answer_and_leave_no_state(locking: LockingRealm) -> None:
    locking.fail("nobody", 12)
    res = locking.login("nobody", "guess")
    assert (res.status_code, res.json()) == (401, WRONG)
    with locking.provider.users.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM login_failures").scalar() == 0


def test_H6_the_policy_follows_the_settings() -> None:
    policy = BruteForcePolicy.from_settings(Settings(
        brute_force_failure_factor=3, brute_force_wait_increment_seconds=90, brute_force_max_failure_wait_seconds=200))
    assert [policy.wait_seconds(n) for n in (2, 3, 5, 6, 9, 30)] == [0, 90, 90, 180, 200, 200]
    assert BruteForcePolicy.from_settings(Settings()) == BruteForcePolicy(10, 60, 900, 43200)
