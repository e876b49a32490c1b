"""The routes the gateway builds from operation declarations authenticate inside their endpoint.

They no longer take the caller as a FastAPI dependency (one thread-pool trip fewer per request),
so these tests pin what the dependency used to guarantee: no call reaches a service without a
checked principal, the caller's idempotency key is checked and passed on, and URL fields stay out
of the body (P05).
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from gateway.app import create_app
from shared.errors import Unauthenticated
from shared.identity.context import CallContext, Principal
from shared.messaging.operations import PublicOperation, Route

PRINCIPAL = Principal(tenant_id="t1", user_id="u1", username="designer", roles=frozenset({"designer"}))


class Search(BaseModel):
    store_id: str
    limit: int = Field(default=20, ge=1, le=100)


class Note(BaseModel):
    lead_id: str
    text: str


class Recorded(BaseModel):
    ok: bool


OPERATIONS = [
    PublicOperation("sales", "search_leads", Route("GET", "/stores/{store_id}/leads", query=("limit",)),
                    Search, None, "search"),
    PublicOperation("sales", "add_note", Route("POST", "/leads/{lead_id}/notes", status=201),
                    Note, Recorded, "note"),
]


class Calls:
    """An RPC client that records each call and answers ``{"ok": true}``."""

    def __init__(self) -> None:
        self.made: list[tuple[str, str, CallContext, dict[str, Any]]] = []

    def call(self, service: str, method: str, ctx: CallContext, **fields: Any) -> Any:
        self.made.append((service, method, ctx, fields))
        return {"ok": True}


class Tokens:
    """Accepts the one bearer ``good``, as the real authenticator accepts a verified token."""

    def authenticate(self, authorization: str | None) -> Principal:
        if authorization != "Bearer good":
            raise Unauthenticated("missing or invalid bearer token")
        return PRINCIPAL


@pytest.fixture
def gateway() -> tuple[TestClient, Calls]:
    calls = Calls()
    app = create_app(rpc=calls, authenticator=Tokens(), readiness=dict,  # type: ignore[arg-type]
                     operations=OPERATIONS)
    return TestClient(app), calls


GOOD = {"Authorization": "Bearer good"}


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer forged"}, {"Authorization": "Basic x"}])
def test_P01_no_call_reaches_a_service_without_a_checked_principal(
        gateway: tuple[TestClient, Calls], headers: dict[str, str]) -> None:
    client, calls = gateway
    assert client.get("/api/v1/stores/s1/leads", headers=headers).status_code == 401
    assert client.post("/api/v1/leads/l1/notes", json={"text": "hi"}, headers=headers).status_code == 401
    assert calls.made == []


def test_P01_the_service_gets_the_callers_principal_key_and_fields(gateway: tuple[TestClient, Calls]) -> None:
    client, calls = gateway
    res = client.post("/api/v1/leads/l1/notes", json={"text": "hi"}, headers={**GOOD, "Idempotency-Key": "k-1"})
    assert (res.status_code, res.json()) == (201, {"ok": True})
    assert client.get("/api/v1/stores/s1/leads?limit=5", headers=GOOD).status_code == 200
    (service, method, ctx, fields), (_, _, _, query) = calls.made
    assert (service, method, fields) == ("sales", "add_note", {"lead_id": "l1", "text": "hi"})
    assert (ctx.principal, ctx.idempotency_key) == (PRINCIPAL, "k-1")
    assert query == {"store_id": "s1", "limit": 5}


@pytest.mark.parametrize("key", ["", "with space", "é".encode(), "x" * 201])
def test_P05_an_ill_formed_idempotency_key_is_refused_before_any_call(
        gateway: tuple[TestClient, Calls], key: str | bytes) -> None:
    client, calls = gateway
    res = client.post("/api/v1/leads/l1/notes", json={"text": "hi"}, headers={**GOOD, "Idempotency-Key": key})  # type: ignore[dict-item]
    assert (res.status_code, res.json()["field"]) == (400, "Idempotency-Key")
    assert calls.made == []


def test_P05_a_url_field_repeated_in_the_body_is_refused(gateway: tuple[TestClient, Calls]) -> None:
    client, calls = gateway
    res = client.post("/api/v1/leads/l1/notes", json={"text": "hi", "lead_id": "l2"}, headers=GOOD)
    assert (res.status_code, res.json()["rule"], res.json()["field"]) == (400, "P05", "lead_id")
    assert calls.made == []


def test_P05_the_published_query_limits_hold_at_the_gateway(gateway: tuple[TestClient, Calls]) -> None:
    client, calls = gateway
    assert client.get("/api/v1/stores/s1/leads?limit=0", headers=GOOD).status_code == 400
    assert client.get("/api/v1/stores/s1/leads?limit=abc", headers=GOOD).status_code == 400
    assert calls.made == []
