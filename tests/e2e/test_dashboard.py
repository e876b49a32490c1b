"""GET /api/v1/dashboard (api.md "Dashboard"): figures fed by the services' events into reporting's
read model, in both modes, with the refusals every endpoint owes (R01, R02)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from tests.platforms import Journey, Live, eventually

TODAY = datetime.now(ZoneInfo("Asia/Shanghai")).date()
PERIOD = {"from": (TODAY - timedelta(days=30)).isoformat(), "to": TODAY.isoformat()}


def _store(answer: dict[str, Any], store: str) -> dict[str, Any]:
    return next(s for s in answer["stores"] if s["store"] == store)


def test_R01_dashboard_counts_what_the_services_did(live: Live) -> None:
    hq = live.as_user("hq")
    before = hq.get("/api/v1/dashboard", params=PERIOD)
    assert before.status_code == 200, before.text
    was = _store(before.json(), "A") if any(s["store"] == "A" for s in before.json()["stores"]) else None
    base = was or {"leads": 0, "contracts_signed": 0, "contract_value": "0.00", "received": "0.00",
                   "outstanding": "0.00", "projects_in_progress": 0, "complaints_open": 0}

    journey = Journey(live)
    contract = journey.draft_contract()  # registers one lead
    signed = journey.sign(contract["id"])
    assert signed.status_code == 200, signed.text
    total = Decimal(signed.json()["total"])
    finance = live.as_user("finance-a")
    eventually(lambda: finance.get(f"/api/v1/contracts/{contract['id']}/payment-plan"),
               ok=lambda r: r.status_code == 200)
    paid = finance.post("/api/v1/payments", json={"contract_id": contract["id"], "kind": "first",
                                                  "amount": "1000.00", "method": "bank_transfer"},
                        headers={"Idempotency-Key": f"dash-{contract['id']}"})
    assert paid.status_code == 201, paid.text
    complaint = eventually(lambda: live.as_user("aftercare-a").post(
        "/api/v1/complaints", json={"contract_id": contract["id"], "text": "墙面开裂"}),
        ok=lambda r: r.status_code != 404)
    assert complaint.status_code == 201, complaint.text

    def arrived(r: httpx.Response) -> bool:
        a = _store(r.json(), "A") if r.status_code == 200 and any(
            s["store"] == "A" for s in r.json()["stores"]) else None
        return a is not None and a["leads"] >= base["leads"] + 1 \
            and a["complaints_open"] >= base["complaints_open"] + 1 \
            and Decimal(a["received"]) >= Decimal(base["received"]) + 1000 \
            and a["projects_in_progress"] >= base["projects_in_progress"] + 1 \
            and a["contracts_signed"] >= base["contracts_signed"] + 1

    now = eventually(lambda: hq.get("/api/v1/dashboard", params=PERIOD), ok=arrived)
    a = _store(now.json(), "A")
    assert arrived(now), now.text
    # Other tests of the session run their journeys too: at least ours, and consistent in itself.
    assert Decimal(a["contract_value"]) >= Decimal(base["contract_value"]) + total
    assert Decimal(a["outstanding"]) <= Decimal(a["contract_value"]) + Decimal(base["outstanding"])
    assert a["links"]["leads"] == "/api/v1/leads?store=A"
    body = now.json()
    assert body["from"] == PERIOD["from"] and body["to"] == PERIOD["to"]
    for figure in ("leads", "contracts_signed", "projects_in_progress", "complaints_open"):
        assert body["total"][figure] == sum(s[figure] for s in body["stores"])
    for money in ("contract_value", "received", "outstanding"):
        assert Decimal(body["total"][money]) == sum(Decimal(s[money]) for s in body["stores"])

    # A studio manager sees their own store only, and nothing of a store that is not theirs.
    mine = live.as_user("studio_manager-a").get("/api/v1/dashboard", params=PERIOD)
    assert mine.status_code == 200 and [s["store"] for s in mine.json()["stores"]] == ["A"]
    assert live.as_user("general_manager").get("/api/v1/dashboard", params={**PERIOD, "store": "A"}).json()[
        "stores"][0]["leads"] >= a["leads"]


def test_R01_dashboard_refuses_roles_stores_and_other_tenants(live: Live) -> None:
    assert live.as_user("studio_manager-a").get("/api/v1/dashboard", params={**PERIOD, "store": "B"}).status_code == 404
    for role in ("designer-a", "finance-a", "marketing-a", "foreman-a", "tenant_admin"):
        res = live.as_user(role).get("/api/v1/dashboard", params=PERIOD)
        assert res.status_code == 403, (role, res.text)
        assert res.headers["content-type"].startswith("application/problem+json") and res.json()["rule"] == "R01"
    # Another tenant's HQ sees its own (empty) figures, never demo's.
    other = live.as_user("hq@other").get("/api/v1/dashboard", params=PERIOD)
    assert other.status_code == 200, other.text
    assert all(s["leads"] == 0 and s["contracts_signed"] == 0 for s in other.json()["stores"])
    assert httpx.get(f"{live.base_url}/api/v1/dashboard", params=PERIOD).status_code == 401


def test_R02_dashboard_refuses_absurd_periods_and_bad_input(live: Live) -> None:
    hq = live.as_user("hq")
    for bad in ({"from": "2026-02-01", "to": "2026-01-01"},  # from after to
                {"from": "2019-01-01", "to": "2026-01-01"},  # more than five years
                {"from": "2026-02-30", "to": "2026-03-01"}, {"from": "yesterday", "to": "2026-03-01"},
                {"from": "2026-01-01"}, {"to": "2026-01-01"}, {},
                {**PERIOD, "store": "AB"}, {**PERIOD, "store": "a"}, {**PERIOD, "store": "%00"},
                {"from": "99999-01-01", "to": "2026-01-01"}, {"from": "0000-01-01", "to": "2026-01-01"}):
        res = hq.get("/api/v1/dashboard", params=bad)
        assert res.status_code == 400, (bad, res.status_code, res.text)
        assert res.headers["content-type"].startswith("application/problem+json")
    rule = hq.get("/api/v1/dashboard", params={"from": "2026-02-01", "to": "2026-01-01"}).json()
    assert rule["rule"] == "R02" and rule["field"] == "from"
