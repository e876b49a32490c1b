"""Gateway token validation and principal building (architecture.md, "Identity and tenancy")."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from gateway.auth.authenticator import Authenticator
from gateway.auth.jwks import CachedJwks, HttpJwksSource
from gateway.auth.principal import principal_from_claims
from gateway.auth.tokens import TokenValidator
from gateway.directory import Directory
from shared.errors import Forbidden, Unauthenticated

ISSUER = "http://127.0.0.1:8000/realms/renoflow"
KEY_1 = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KEY_2 = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    return {**RSAAlgorithm.to_jwk(key.public_key(), as_dict=True), "kid": kid, "use": "sig", "alg": "RS256"}


class FakeJwksSource:
    """A provider's key set the test can rotate; counts fetches."""

    def __init__(self, *keys: tuple[rsa.RSAPrivateKey, str]) -> None:
        self.keys = list(keys)
        self.fetches = 0

    def fetch(self) -> dict[str, Any]:
        self.fetches += 1
        return {"keys": [public_jwk(key, kid) for key, kid in self.keys]}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base: dict[str, Any] = {
        "iss": ISSUER, "aud": ["renoflow-api", "account"], "sub": "user-1", "azp": "renoflow-web",
        "typ": "Bearer", "iat": now, "exp": now + 300, "preferred_username": "designer-a",
        "name": "设计师 A", "realm_access": {"roles": ["designer", "offline_access"]},
        "organization": ["demo"], "stores": ["A"],
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def sign(payload: dict[str, Any], key: rsa.RSAPrivateKey = KEY_1, kid: str = "k1", alg: str = "RS256") -> str:
    return jwt.encode(payload, key, algorithm=alg, headers={"kid": kid})


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.fixture
def source() -> FakeJwksSource:
    return FakeJwksSource((KEY_1, "k1"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def validator(source: FakeJwksSource, clock: FakeClock) -> TokenValidator:
    # Every token verified every time: these tests are of the checks and the key set; the
    # memory of verified tokens has its own tests below.
    return TokenValidator(ISSUER, "renoflow-api", CachedJwks(source, 300, clock=clock), verified_seconds=0)


@pytest.fixture
def remembering(source: FakeJwksSource, clock: FakeClock) -> TokenValidator:
    wall = FakeClock()
    wall.now = time.time()
    validator = TokenValidator(ISSUER, "renoflow-api", CachedJwks(source, 300, clock=clock),
                               verified_seconds=60, clock=wall)
    validator.wall = wall  # type: ignore[attr-defined]
    return validator


@pytest.fixture
def directory() -> Directory:
    d = Directory("sqlite://")
    d.ensure_schema()
    d.add_tenant("demo", "示范装饰", "Demo Decor")
    d.add_store("demo", "A", "A 设计室")
    d.add_store("demo", "B", "B 设计室")
    d.add_membership("demo", "designer-a", "A")
    d.add_tenant("other", "另一家装饰")
    d.add_store("other", "A", "A 设计室")
    return d


def rejected(validator: TokenValidator, token: str) -> str:
    with pytest.raises(Unauthenticated) as err:
        validator.validate(token)
    return err.value.detail


# --- signature, algorithm, registered claims ------------------------------------------------

def test_valid_token_is_accepted(validator: TokenValidator) -> None:
    assert validator.validate(sign(claims()))["sub"] == "user-1"


def test_expired_token_is_rejected(validator: TokenValidator) -> None:
    now = int(time.time())
    assert "expired" in rejected(validator, sign(claims(iat=now - 600, exp=now - 60)))


def test_expiry_within_leeway_is_accepted(validator: TokenValidator) -> None:
    now = int(time.time())
    assert validator.validate(sign(claims(iat=now - 600, exp=now - 10)))


@pytest.mark.parametrize("issuer", [
    "http://evil.example/realms/renoflow", ISSUER + "x", ISSUER[:-1], ISSUER + "/",
])
def test_wrong_issuer_is_rejected(validator: TokenValidator, issuer: str) -> None:
    assert "issuer" in rejected(validator, sign(claims(iss=issuer)))


@pytest.mark.parametrize("audience", [["account"], "renoflow-web", ["renoflow-api-x"]])
def test_wrong_audience_is_rejected(validator: TokenValidator, audience: Any) -> None:
    assert "audience" in rejected(validator, sign(claims(aud=audience)))


@pytest.mark.parametrize("claim", ["exp", "iat", "iss", "aud", "sub"])
def test_token_without_a_required_claim_is_rejected(validator: TokenValidator, claim: str) -> None:
    payload = claims()
    del payload[claim]
    assert claim in rejected(validator, sign(payload))


def test_token_issued_in_the_future_is_rejected(validator: TokenValidator) -> None:
    now = int(time.time())
    assert "not valid yet" in rejected(validator, sign(claims(iat=now + 3600, exp=now + 7200)))


def test_alg_none_is_rejected(validator: TokenValidator) -> None:
    header = b64(json.dumps({"alg": "none", "typ": "JWT", "kid": "k1"}).encode())
    token = f"{header}.{b64(json.dumps(claims()).encode())}."
    assert "'none'" in rejected(validator, token)


def test_hs256_signed_with_the_public_key_pem_is_rejected(validator: TokenValidator) -> None:
    # The classic algorithm-confusion attack: the public key is public, so anyone can compute this.
    pem = KEY_1.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    signing_input = (b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": "k1"}).encode())
                     + "." + b64(json.dumps(claims()).encode()))
    mac = hmac.new(pem, signing_input.encode(), hashlib.sha256).digest()
    assert "HS256" in rejected(validator, f"{signing_input}.{b64(mac)}")


@pytest.mark.parametrize("alg", ["RS512", "PS256"])
def test_other_rsa_algorithms_are_rejected(validator: TokenValidator, alg: str) -> None:
    assert "RS256 only" in rejected(validator, sign(claims(), alg=alg))


def test_token_signed_by_another_key_under_a_known_kid_is_rejected(validator: TokenValidator) -> None:
    assert "signature" in rejected(validator, sign(claims(), key=KEY_2, kid="k1"))


def test_malformed_token_is_rejected(validator: TokenValidator) -> None:
    assert "well-formed" in rejected(validator, "not-a-jwt")


def test_token_of_another_client_is_rejected(validator: TokenValidator) -> None:
    assert "another client" in rejected(validator, sign(claims(azp="admin-cli")))


def test_refresh_token_is_not_an_access_token(validator: TokenValidator) -> None:
    assert "not an access token" in rejected(validator, sign(claims(typ="Refresh")))


# --- verified tokens remembered ---------------------------------------------------------------

def test_a_verified_token_is_not_verified_again_within_its_time(
    remembering: TokenValidator, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = sign(claims())
    assert remembering.validate(token)["sub"] == "user-1"
    calls = []
    monkeypatch.setattr(jwt, "decode", lambda *a, **k: calls.append(a))
    assert remembering.validate(token)["sub"] == "user-1"
    assert calls == []


def test_a_remembered_token_is_refused_once_expired(remembering: TokenValidator) -> None:
    now = int(time.time())
    token = sign(claims(iat=now - 60, exp=now + 5))
    assert remembering.validate(token)
    remembering.wall.now = now + 5 + 31  # type: ignore[attr-defined]  # past exp and the 30 s leeway
    assert "expired" in rejected(remembering, token)


def test_a_token_differing_from_a_remembered_one_is_verified_afresh(remembering: TokenValidator) -> None:
    token = sign(claims())
    assert remembering.validate(token)
    head, body, signature = token.split(".")
    forged_body = b64(json.dumps({**claims(), "sub": "admin"}).encode())
    assert "signature" in rejected(remembering, f"{head}.{forged_body}.{signature}")
    flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    assert "signature" in rejected(remembering, f"{head}.{body}.{flipped}")


def test_a_withdrawn_key_stops_its_remembered_tokens_after_the_verified_time(
    remembering: TokenValidator, source: FakeJwksSource, clock: FakeClock
) -> None:
    token = sign(claims())
    assert remembering.validate(token)
    source.keys = [(KEY_2, "k2")]  # the provider withdraws k1
    clock.now += 301  # the key set is stale
    remembering.wall.now += 61  # type: ignore[attr-defined]
    assert "unknown key" in rejected(remembering, token)


def test_an_invalid_token_is_never_remembered(remembering: TokenValidator) -> None:
    token = sign(claims(), key=KEY_2)  # signed by a key other than k1's
    for _ in range(2):
        assert "signature" in rejected(remembering, token)
    assert not remembering._verified


# --- key set cache and rotation --------------------------------------------------------------

def test_key_rotation_refetches_once_for_an_unknown_kid(
    validator: TokenValidator, source: FakeJwksSource, clock: FakeClock
) -> None:
    validator.validate(sign(claims()))
    assert source.fetches == 1
    source.keys.append((KEY_2, "k2"))  # the provider rotates
    clock.now += 11
    assert validator.validate(sign(claims(), key=KEY_2, kid="k2"))
    assert source.fetches == 2
    clock.now += 11
    assert "unknown key" in rejected(validator, sign(claims(), kid="never-published"))
    assert source.fetches == 3


def test_unknown_kid_refetch_is_rate_limited(
    validator: TokenValidator, source: FakeJwksSource, clock: FakeClock
) -> None:
    validator.validate(sign(claims()))
    for n in range(5):
        clock.now += 1
        rejected(validator, sign(claims(), kid=f"made-up-{n}"))
    assert source.fetches == 1  # a flood of made-up kids does not hammer the provider


def test_key_set_is_refetched_after_its_ttl(
    validator: TokenValidator, source: FakeJwksSource, clock: FakeClock
) -> None:
    validator.validate(sign(claims()))
    clock.now += 299
    validator.validate(sign(claims()))
    assert source.fetches == 1
    clock.now += 2
    validator.validate(sign(claims()))
    assert source.fetches == 2


def test_cached_keys_survive_a_provider_outage(
    validator: TokenValidator, source: FakeJwksSource, clock: FakeClock
) -> None:
    validator.validate(sign(claims()))

    def down() -> dict[str, Any]:
        raise OSError("connection refused")

    source.fetch = down  # type: ignore[method-assign]
    clock.now += 301
    assert validator.validate(sign(claims()))


def test_http_source_reads_the_certs_endpoint() -> None:
    url = "https://sso.example/realms/renoflow/protocol/openid-connect/certs"
    jwks = {"keys": [public_jwk(KEY_1, "k1"), {**public_jwk(KEY_2, "enc-1"), "use": "enc"}]}

    def handler(request: httpx.Request) -> httpx.Response:
        assert str(request.url) == url
        return httpx.Response(200, json=jwks)

    source = HttpJwksSource(url, client=httpx.Client(transport=httpx.MockTransport(handler)))
    cache = CachedJwks(source, 300)
    assert cache.get_key("k1").key_type == "RSA"
    with pytest.raises(Unauthenticated):
        cache.get_key("enc-1")  # an encryption key never verifies a signature


# --- principal: tenant from the organization claim, stores checked against the directory -----

@pytest.mark.parametrize("organization", [["demo"], {"demo": {"id": "6f1c9c1e-org"}}])
def test_organization_claim_in_both_shapes(organization: Any, directory: Directory) -> None:
    principal = principal_from_claims(claims(organization=organization), directory)
    assert principal.tenant_id == "demo"
    assert principal.username == "designer-a"
    assert principal.user_id == "user-1"
    assert principal.display_name == "设计师 A"
    assert principal.roles == {"designer"}  # offline_access is not a platform role


@pytest.mark.parametrize("organization", [None, [], {}])
def test_token_without_organization_is_forbidden(organization: Any, directory: Directory) -> None:
    with pytest.raises(Forbidden, match="no organization"):
        principal_from_claims(claims(organization=organization), directory)


@pytest.mark.parametrize("organization", [["demo", "other"], {"demo": {"id": "1"}, "other": {"id": "2"}}])
def test_token_with_several_organizations_is_forbidden(organization: Any, directory: Directory) -> None:
    with pytest.raises(Forbidden, match="several organizations"):
        principal_from_claims(claims(organization=organization), directory)


def test_unknown_tenant_is_forbidden(directory: Directory) -> None:
    with pytest.raises(Forbidden, match="not a tenant"):
        principal_from_claims(claims(organization=["acme"]), directory)


def test_stores_claim_is_narrowed_to_directory_membership(directory: Directory) -> None:
    principal = principal_from_claims(claims(stores=["A", "B", "Z"]), directory)
    assert principal.stores == {"A"}


def test_stores_claim_of_a_user_without_membership_grants_nothing(directory: Directory) -> None:
    principal = principal_from_claims(claims(organization=["other"], stores=["A"]), directory)
    assert principal.stores == frozenset()


@pytest.mark.parametrize("role", ["hq", "general_manager", "tenant_admin"])
def test_tenant_wide_roles_see_all_stores_of_their_tenant(role: str, directory: Directory) -> None:
    principal = principal_from_claims(
        claims(preferred_username=role, realm_access={"roles": [role]}, stores=[]), directory)
    assert principal.stores == {"A", "B"}
    assert principal.tenant_wide


# --- authenticator: the Authorization header ------------------------------------------------

@pytest.mark.parametrize("header", [None, "", "Basic dXNlcjpwYXNz", "Bearer", "Bearer a b", "Token abc"])
def test_missing_or_ill_formed_bearer_is_unauthenticated(
    header: str | None, validator: TokenValidator, directory: Directory
) -> None:
    with pytest.raises(Unauthenticated):
        Authenticator(validator, directory).authenticate(header)


def test_authenticator_returns_the_checked_principal(validator: TokenValidator, directory: Directory) -> None:
    principal = Authenticator(validator, directory).authenticate(f"bearer {sign(claims())}")
    assert (principal.tenant_id, principal.stores) == ("demo", {"A"})
