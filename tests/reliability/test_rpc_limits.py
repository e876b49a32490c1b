"""Issue 6 items 4 and 5 in distributed mode: expired calls never act, bulkheads, readiness, restarts.

A service is hung with SIGSTOP (its process keeps its connections, so requests already handed to
it wait in its socket, out of reach of the broker's TTL) and resumed with SIGCONT in a finally
block, so a failing test leaves no stopped process behind.
"""

from __future__ import annotations

import logging
import os
import signal
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from shared.ids import new_id
from tests.platforms import Journey, Live, distributed, eventually

LEAD = {"phone": "13800001111", "address": "朝阳区望京街 8 号 3-1201", "store": "A", "source": "web",
        "channel": "residential_community", "consultation_channel": "walk_in"}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with distributed(tmp_path_factory.mktemp("rpc-limits")) as live:
        yield live


@pytest.fixture(autouse=True)
def ready(cluster: Live) -> None:
    assert cluster.processes is not None
    cluster.processes.wait_ready()


@contextmanager
def stopped(live: Live, *services: str) -> Iterator[None]:
    """The services' processes hung (SIGSTOP) for the block, resumed (SIGCONT) whatever happens."""
    assert live.processes is not None
    pids = [live.processes.processes[s].pid for s in services]
    try:
        for pid in pids:
            os.kill(pid, signal.SIGSTOP)
        yield
    finally:
        for pid in pids:
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass


@contextmanager
def rpc_timeout(live: Live, seconds: float) -> Iterator[None]:
    assert live.rpc is not None
    before, live.rpc.timeout = live.rpc.timeout, seconds
    try:
        yield
    finally:
        live.rpc.timeout = before


def leads_named(live: Live, name: str) -> list[dict[str, Any]]:
    """Every lead of the designer's store with this customer name, through the API (all pages)."""
    designer = live.as_user("designer-a")
    found: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        res = designer.get("/api/v1/leads", params={"limit": 200, **({"cursor": cursor} if cursor else {})})
        assert res.status_code == 200, res.text
        found += [lead for lead in res.json()["items"] if lead["customer_name"] == name]
        cursor = res.json()["next_cursor"]
        if not cursor:
            return found


def log_shows(live: Live, service: str, text: str, timeout: float = 20) -> bool:
    assert live.settings is not None
    path = live.settings.data_dir / "logs" / f"{service}.log"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(errors="replace"):
            return True
        time.sleep(0.2)
    return False


def assert_problem(res: httpx.Response, status: int) -> None:
    assert res.status_code == status, res.text
    assert res.headers["content-type"].startswith("application/problem+json")
    assert res.json()["status"] == status


def test_H6_a_call_the_gateway_gave_up_on_never_acts_later(cluster: Live) -> None:
    name = f"过期 {uuid.uuid4().hex[:8]}"
    designer = cluster.as_user("designer-a")
    with rpc_timeout(cluster, 2), stopped(cluster, "sales"):
        gave_up = designer.post("/api/v1/leads", json={"customer_name": name, **LEAD})
    assert_problem(gave_up, 503)
    # Resumed, sales now reads the request the gateway gave up on; a later call still works.
    Journey(cluster).lead(customer_name=f"后来 {uuid.uuid4().hex[:8]}")
    log_shows(cluster, "sales", "refused sales.register_lead")  # waits for the refusal, if it came that way
    assert leads_named(cluster, name) == [], "the lead the client was told failed was created later"


def test_H6_a_hung_service_does_not_take_the_slots_of_the_others(cluster: Live) -> None:
    assert cluster.rpc is not None
    limit = cluster.rpc.limit_per_service
    cluster.token("finance-a")
    designer = cluster.as_user("designer-a")

    def plan() -> httpx.Response:
        with cluster.as_user("finance-a") as finance:
            return finance.get(f"/api/v1/contracts/{new_id()}/payment-plan")

    with rpc_timeout(cluster, 8), stopped(cluster, "finance"), ThreadPoolExecutor(limit + 2) as pool:
        pending = [pool.submit(plan) for _ in range(limit + 2)]  # more than the old shared pool of 8
        deadline = time.monotonic() + 10
        while cluster.rpc.busy("finance") < limit:
            assert time.monotonic() < deadline, "the calls to finance never took its slots"
            time.sleep(0.05)
        healthy = designer.get("/api/v1/leads", params={"limit": 1})
        still_pending = cluster.rpc.busy("finance")
        answers = [f.result() for f in pending]
    assert healthy.status_code == 200, healthy.text
    assert still_pending == limit, "the healthy call was answered while finance's slots were all held"
    for res in answers:
        assert_problem(res, 503)


def test_H6_readyz_names_every_stopped_service(cluster: Live) -> None:
    with stopped(cluster, "finance", "aftercare"):
        res = httpx.get(f"{cluster.base_url}/readyz", timeout=60)
    assert res.status_code == 503, res.text
    assert res.json() == {"status": "not_ready", "checks": {
        "sales": True, "contracts": True, "construction": True, "finance": False, "aftercare": False,
        "reporting": True}}
    again = eventually(lambda: httpx.get(f"{cluster.base_url}/readyz", timeout=60),
                       ok=lambda r: r.status_code == 200, timeout=30)
    assert again.status_code == 200, again.text


# Last in this module: the supervisor then runs until the cluster is stopped (stop() ends it first).
def test_H6_the_supervisor_restarts_a_crashed_service_and_the_platform_is_ready_again(
        cluster: Live, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="renoflow.distributed")
    processes = cluster.processes
    assert processes is not None
    processes.supervise()
    crashed = processes.processes["aftercare"].pid
    os.kill(crashed, signal.SIGKILL)  # from outside, as the OOM killer would: not kill(), which is on purpose

    def restarted_and_ready() -> httpx.Response:
        return httpx.get(f"{cluster.base_url}/readyz", timeout=60)

    res = eventually(restarted_and_ready, timeout=120,
                     ok=lambda r: r.status_code == 200 and processes.processes["aftercare"].pid != crashed)
    assert processes.processes["aftercare"].pid != crashed, "aftercare was not restarted"
    assert res.status_code == 200, res.text
    assert "service aftercare exited with code -9" in caplog.text and "service aftercare restarted" in caplog.text
