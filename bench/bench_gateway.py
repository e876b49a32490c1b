"""Benchmark: the catalogue read and contract signing through the embedded gateway.

Prints requests per second and latency percentiles, and the ratio against a bare FastAPI +
SQLAlchemy endpoint doing the same database work (the price of auth, RPC, JSON and tenancy).

    .venv/bin/python bench/bench_gateway.py [--requests 400] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the test helpers drive the journey

from renoflow.demo import seed_demo_data  # noqa: E402
from renoflow.embedded import build_platform  # noqa: E402
from services.contracts.adapters.orm import catalogue_items  # noqa: E402
from shared.money import money_str  # noqa: E402
from shared.persistence.db import make_engine  # noqa: E402
from shared.settings import Settings  # noqa: E402
from tests.platforms import Journey, Live, free_port  # noqa: E402


def serve(app: Any, port: int) -> uvicorn.Server:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server


def bare_app(db_file: Path) -> FastAPI:
    """The same query with no auth, RPC or tenancy layers: the floor to compare against."""
    engine = make_engine(f"sqlite:///{db_file}")
    app = FastAPI()

    @app.get("/catalogue")
    def catalogue() -> dict[str, Any]:
        with engine.connect() as conn:
            rows = conn.execute(select(catalogue_items).where(catalogue_items.c.tenant_id == "demo")
                                .order_by(catalogue_items.c.code)).all()
        return {"items": [{"code": r.code, "name": r.name, "unit": r.unit, "unit_price": money_str(r.unit_price),
                           "trade": r.trade} for r in rows]}

    return app


def measure(label: str, call: Any, requests: int, concurrency: int) -> float:
    latencies: list[float] = []

    def one(_: int) -> None:
        start = time.perf_counter()
        call()
        latencies.append(time.perf_counter() - start)

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(requests)))
    elapsed = time.perf_counter() - started
    q = statistics.quantiles(latencies, n=100)
    rps = requests / elapsed
    print(f"{label:<38} {rps:8.1f} req/s   p50 {q[49] * 1000:6.1f} ms   p95 {q[94] * 1000:6.1f} ms")
    return rps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        port, bare_port = free_port(), free_port()
        platform = build_platform(Settings(data_dir=Path(tmp), port=port, environment="test"))
        seed_demo_data(platform)
        serve(platform.app, port)
        serve(bare_app(Path(tmp) / "contracts.db"), bare_port)
        live = Live("embedded", f"http://127.0.0.1:{port}")
        designer = live.as_user("designer-a")
        bare = httpx.Client(base_url=f"http://127.0.0.1:{bare_port}")
        print(f"{args.requests} requests, {args.concurrency} concurrent, embedded mode (SQLite)")
        renoflow = measure("GET /api/v1/catalogue (RenoFlow)", lambda: designer.get("/api/v1/catalogue"),
                           args.requests, args.concurrency)
        floor = measure("GET /catalogue (bare FastAPI+SQLAlchemy)", lambda: bare.get("/catalogue"),
                        args.requests, args.concurrency)
        print(f"{'ratio RenoFlow / bare':<38} {renoflow / floor:8.2f}")
        journey = Journey(live)
        drafts = [journey.draft_contract()["id"] for _ in range(min(60, args.requests // 4))]
        it = iter(drafts)
        measure("POST /contracts/{id}/sign (C04 counter)", lambda: journey.sign(next(it)), len(drafts),
                args.concurrency)
        platform.close()


if __name__ == "__main__":
    main()
