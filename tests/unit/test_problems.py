"""Every error leaves the gateway as problem+json, an unexpected one without its internals (P05)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from gateway import problems
from shared.errors import RuleViolation


def app_raising(exc: Exception) -> TestClient:
    app = FastAPI()
    problems.install(app)

    @app.get("/boom")
    def boom() -> None:
        raise exc

    return TestClient(app, raise_server_exceptions=False)


def test_P05_rule_violation_names_rule_and_field() -> None:
    res = app_raising(RuleViolation("the cost notice was not given", rule="C05",
                                    field="cost_notice_acknowledged")).get("/boom")
    assert res.status_code == 422 and res.headers["content-type"] == "application/problem+json"
    assert (res.json()["rule"], res.json()["field"]) == ("C05", "cost_notice_acknowledged")


def test_unexpected_error_is_a_problem_without_internals() -> None:
    res = app_raising(RuntimeError("password=hunter2 in a stack")).get("/boom")
    assert res.status_code == 500 and res.headers["content-type"] == "application/problem+json"
    assert "hunter2" not in res.text and res.json()["status"] == 500


def test_P05_request_validation_errors_name_field_and_rule_and_unparsable_json_names_no_field() -> None:
    app = FastAPI()
    problems.install(app)

    @app.post("/things")
    def things(body: dict[str, int], limit: int = 5) -> dict[str, int]:
        return body

    client = TestClient(app, raise_server_exceptions=False)
    res = client.post("/things?limit=abc", json={})
    assert res.status_code == 400 and (res.json()["field"], res.json()["rule"]) == ("limit", "P05")
    res = client.post("/things", content=b"{not json", headers={"content-type": "application/json"})
    assert res.status_code == 400 and res.json()["rule"] == "P05" and "field" not in res.json()
