"""Benchmark: how long /readyz takes in distributed mode with none, one or two services hung.

Needs the local PostgreSQL and RabbitMQ (as the distributed tests do). Hangs services with
SIGSTOP and resumes them with SIGCONT; prints the seconds each probe took.

    .venv/bin/python bench/bench_readyz.py
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the test harness starts the cluster

from tests.platforms import distributed  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, distributed(Path(tmp)) as live:
        assert live.processes is not None and live.settings is not None
        print(f"readiness timeout {live.settings.readiness_timeout_seconds:g} s, "
              f"RPC timeout {live.settings.rpc_timeout_seconds:g} s")
        for hung in ((), ("finance",), ("finance", "aftercare")):
            pids = [live.processes.processes[s].pid for s in hung]
            try:
                for pid in pids:
                    os.kill(pid, signal.SIGSTOP)
                started = time.perf_counter()
                res = httpx.get(f"{live.base_url}/readyz", timeout=120)
                took = time.perf_counter() - started
            finally:
                for pid in pids:
                    os.kill(pid, signal.SIGCONT)
            print(f"hung: {', '.join(hung) or 'none':<18} /readyz {res.status_code} in {took:.2f} s")
            live.processes.wait_ready()


if __name__ == "__main__":
    main()
