"""The living demo (issue 9 item 4): ``renoflow up`` on an empty database seeds months of work in
both demo stores through the use cases; every list has records and the dashboard shows them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from renoflow.demo import seed_demo_activity, seed_demo_data
from renoflow.embedded import build_platform
from shared.identity.context import CallContext, Principal
from shared.settings import Settings


def staff(username: str, role: str, stores: tuple[str, ...] = ("A", "B")) -> CallContext:
    return CallContext(principal=Principal(tenant_id="demo", user_id=username, username=username,
                                           roles=frozenset({role}), stores=frozenset(stores)))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, float, int]]:
    platform = build_platform(Settings(data_dir=tmp_path_factory.mktemp("demo"), port=1, environment="test"))
    seed_demo_data(platform)
    began = time.perf_counter()
    leads = seed_demo_activity(platform)
    yield platform, time.perf_counter() - began, leads
    platform.close()


def test_the_demo_has_records_in_every_list_for_both_stores(seeded: tuple[object, float, int]) -> None:
    platform, seconds, leads = seeded
    rpc = platform.services  # type: ignore[attr-defined]
    hq = staff("hq", "hq")
    assert leads >= 40
    print(f"demo activity seeded in {seconds:.1f} s")
    for store in ("A", "B"):
        listed = {
            "leads": rpc.call("sales", "list_leads", hq, store=store, limit=200)["items"],
            "contracts": rpc.call("contracts", "list_contracts", hq, store=store, limit=200)["items"],
            "projects": rpc.call("construction", "list_projects", hq, store=store, limit=200)["items"],
            "complaints": rpc.call("aftercare", "list_complaints", staff("aftercare", "aftercare", (store,)),
                                   store=store, limit=200)["items"],
            "quotes": rpc.call("contracts", "list_quotes", hq, store=store, limit=200)["items"],
            "measurement_requests": rpc.call("sales", "list_measurement_requests", hq, store=store,
                                             limit=200)["items"],
        }
        for name, items in listed.items():
            assert items, f"store {store} has no {name}"
        statuses = {lead["status"] for lead in listed["leads"]}
        assert {"new", "contracted"} <= statuses and len(statuses) >= 4, statuses
        assert {c["status"] for c in listed["contracts"]} >= {"signed"}
        payments = [p for c in listed["contracts"] if c["status"] == "signed"
                    for p in rpc.call("finance", "list_payments", staff("finance", "finance", (store,)),
                                      contract_id=c["id"])["items"]]
        assert payments, f"store {store} took no money"
        # dated relative to today: the story spans months, the newest lead is recent
        created = sorted(datetime.fromisoformat(lead["created_at"]) for lead in listed["leads"])
        assert created[-1] - created[0] > timedelta(days=60)
        assert datetime.now(ZoneInfo("UTC")) - created[-1] < timedelta(days=10)


def test_R01_the_demo_dashboard_shows_figures_for_both_stores(seeded: tuple[object, float, int]) -> None:
    platform, _, _ = seeded
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    answer = platform.services.call(  # type: ignore[attr-defined]
        "reporting", "get_dashboard", staff("hq", "hq"),
        **{"from": (today - timedelta(days=150)).isoformat(), "to": today.isoformat()})
    stores = {s["store"]: s for s in answer["stores"]}
    assert set(stores) == {"A", "B"}
    for store in stores.values():
        assert store["leads"] > 0 and store["contracts_signed"] > 0 and store["projects_in_progress"] > 0
        assert float(store["contract_value"]) > 0 and float(store["received"]) > 0

