"""Benchmark: concurrent signings with one and with two replicas of contracts and finance.

Needs the local PostgreSQL and RabbitMQ (as the distributed tests do). Drafts the contracts first,
signs them all at once through the gateway (10 clients), then waits until every payment plan is
open; prints the seconds each took. On a 2-core machine a second replica adds processes, not
cores: the figure shows the cost of claiming rows and sharing queues, not a speed-up.

    .venv/bin/python bench/bench_replicas.py [signings]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the test harness starts the cluster

from tests.platforms import Journey, distributed  # noqa: E402
from tests.reliability.test_replicas import counts, sign_all  # noqa: E402


def main() -> None:
    signings = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    for replicas in (1, 2):
        with tempfile.TemporaryDirectory() as tmp, \
                distributed(Path(tmp), replicas={"contracts": replicas, "finance": replicas}) as live:
            journey = Journey(live)
            ids = [journey.draft_contract()["id"] for _ in range(signings)]
            started = time.perf_counter()
            sign_all(live, ids)
            signed = time.perf_counter() - started
            while len(counts(live, "finance", "payment_plans", ids)) < len(ids):
                time.sleep(0.02)
            planned = time.perf_counter() - started
            print(f"replicas {replicas}: {signings} signings in {signed:.2f} s "
                  f"({signings / signed:.1f}/s); every plan open after {planned:.2f} s")


if __name__ == "__main__":
    main()
