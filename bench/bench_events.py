"""Benchmark (issue 8 item 1): event latency in distributed mode, contract signed → payment plan readable.

Starts the distributed platform on throw-away databases and a throw-away vhost (as the
distributed tests do; needs the local PostgreSQL and RabbitMQ), drafts 50 contracts, then signs
them one by one and measures, for each, the time from the sign answer to the finance service's
payment plan being readable through the API (polled every 5 ms). The path: contracts commits
the signing and its event → outbox relay → RabbitMQ → finance's handler commits the plan.
Prints p50/p95/max, the machine's core count and the database engines each service process
opened (its health RPC reports them).

    .venv/bin/python bench/bench_events.py [signings]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the test harness starts the cluster

from renoflow.distributed import platform_context  # noqa: E402
from renoflow.services import SERVICE_CLASSES  # noqa: E402
from tests.platforms import Journey, distributed  # noqa: E402

POLL_SECONDS = 0.005


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) by the nearest-rank method."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * len(ordered) + 0.5) - 1))]


def main(signings: int = 50) -> None:
    with tempfile.TemporaryDirectory() as tmp, distributed(Path(tmp)) as live:
        assert live.rpc is not None
        journey = Journey(live)
        finance = live.as_user("finance-a")
        contracts = [journey.draft_contract()["id"] for _ in range(signings)]
        latencies = []
        for contract_id in contracts:
            signed = journey.sign(contract_id)
            assert signed.status_code == 200, signed.text
            started = time.perf_counter()
            deadline = started + 30
            while True:
                res = finance.get(f"/api/v1/contracts/{contract_id}/payment-plan")
                if res.status_code == 200:
                    break
                assert res.status_code == 404 and time.perf_counter() < deadline, res.text
                time.sleep(POLL_SECONDS)
            latencies.append((time.perf_counter() - started) * 1000)
        engines = {cls.name: live.rpc.call_within(5, cls.name, "health", platform_context()).get("engines")  # type: ignore[attr-defined]
                   for cls in SERVICE_CLASSES}
    print(f"cores: {os.cpu_count()}; signings: {signings}; poll every {POLL_SECONDS * 1000:g} ms")
    print(f"sign answer → payment plan readable: p50 {statistics.median(latencies):.0f} ms, "
          f"p95 {percentile(latencies, 0.95):.0f} ms, max {max(latencies):.0f} ms "
          f"(min {min(latencies):.0f} ms)")
    print("database engines per service process: " + ", ".join(f"{k} {v}" for k, v in engines.items()))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
