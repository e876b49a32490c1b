"""Issue 8 item 2: two replicas of contracts and finance stay correct together and apart.

Concurrent signings through the gateway take gapless contract numbers (C04); every
``contract_signed`` opens exactly one payment plan and one project; after a contracts replica and
a finance replica are killed, the others carry on and nothing is lost (P03).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from shared.persistence.postgres import database_name
from tests.platforms import SIGNATURE, Journey, Live, distributed
from tests.servers import admin_connect

REPLICAS = {"contracts": 2, "finance": 2}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with distributed(tmp_path_factory.mktemp("replicas"), replicas=REPLICAS) as live:
        yield live


def counts(live: Live, service: str, table: str, contract_ids: list[str]) -> dict[str, int]:
    """Rows of ``table`` per contract, read as the superuser (past row-level security)."""
    assert live.settings is not None
    with admin_connect(database_name(live.settings, service)) as conn:
        found = conn.execute(f"SELECT contract_id, count(*) FROM {table} WHERE contract_id = ANY(%s) "  # noqa: S608
                             "GROUP BY contract_id", (contract_ids,)).fetchall()
    return {str(c): int(n) for c, n in found}


def sign_all(live: Live, contract_ids: list[str]) -> list[dict[str, Any]]:
    """Sign the contracts all at once, each from its own client."""
    def sign(contract_id: str) -> dict[str, Any]:
        with live.as_user("designer-a") as client:
            res = client.post(f"/api/v1/contracts/{contract_id}/sign",
                              json={"customer_signature": SIGNATURE, "cost_notice_acknowledged": True})
        assert res.status_code == 200, res.text
        return dict(res.json())

    with ThreadPoolExecutor(max_workers=10) as pool:
        return list(pool.map(sign, contract_ids))


def assert_gapless(numbers: list[str]) -> None:
    """One store, one day: the same prefix and counters 1, 2, 3 … with no gap and no repeat (C04)."""
    assert len({n[:-2] for n in numbers}) == 1, numbers
    assert sorted(int(n[-2:]) for n in numbers) == list(range(1, len(numbers) + 1)), numbers


def one_plan_and_one_project_each(live: Live, contract_ids: list[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        plans = counts(live, "finance", "payment_plans", contract_ids)
        projects = counts(live, "construction", "projects", contract_ids)
        if (len(plans), len(projects)) == (len(contract_ids),) * 2 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    time.sleep(1)  # a duplicate delivery would land now
    plans = counts(live, "finance", "payment_plans", contract_ids)
    projects = counts(live, "construction", "projects", contract_ids)
    assert plans == dict.fromkeys(contract_ids, 1)
    assert projects == dict.fromkeys(contract_ids, 1)


def test_I8_two_replicas_sign_concurrently_gaplessly_and_a_killed_replica_loses_nothing(cluster: Live) -> None:
    assert cluster.processes is not None
    assert {"contracts-1", "contracts-2", "finance-1", "finance-2", "sales"} <= set(cluster.processes.processes)
    journey = Journey(cluster)
    first = [journey.draft_contract()["id"] for _ in range(20)]
    signed = sign_all(cluster, first)
    assert_gapless([c["number"] for c in signed])

    # Kill a replica of each at once, events and relay passes possibly in flight.
    cluster.processes.kill("contracts-1")
    cluster.processes.kill("finance-1")
    one_plan_and_one_project_each(cluster, first)

    second = [journey.draft_contract()["id"] for _ in range(5)]
    signed += sign_all(cluster, second)  # served by contracts-2 and finance-2 alone
    assert_gapless([c["number"] for c in signed])
    one_plan_and_one_project_each(cluster, first + second)
