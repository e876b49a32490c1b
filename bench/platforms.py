"""One way to start a platform for a benchmark: the test harness's (:mod:`tests.platforms`).

:func:`running` yields the platform in either mode (seeded with the demo tenants, on throw-away
data; distributed mode needs the local PostgreSQL and RabbitMQ), served beside a bare FastAPI +
SQLAlchemy app (:func:`bare_app`) on the same database: the floor the figures are compared with.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from sqlalchemy import Engine, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ is the harness, not a package we ship

from services.contracts.adapters.orm import catalogue_items  # noqa: E402
from shared.money import money_str  # noqa: E402
from shared.persistence.db import make_engine  # noqa: E402
from shared.persistence.postgres import admin_url, database_name  # noqa: E402
from tests.platforms import Live, distributed, embedded, free_port, serve  # noqa: E402


@dataclass
class Running:
    """A running platform and its bare twin."""

    mode: str
    live: Live
    bare_url: str
    tmp: Path

    def processes(self) -> dict[str, int]:
        """The platform's processes by name: the bench's own (the gateway; in embedded mode every
        service too) and, in distributed mode, each service process."""
        found = {"gateway" if self.mode == "distributed" else "platform": os.getpid()}
        if self.live.processes is not None:
            found.update({name: proc.pid for name, proc in self.live.processes.processes.items()})
        return found

    def engine(self, service: str) -> Engine:
        """An engine on ``service``'s database as its owner (past row-level security), to read
        the stamps the platform itself wrote; the caller disposes of it."""
        return owner_engine(self.live, self.tmp, service)

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time (user + system) each of :meth:`processes` has used so far.

        CPU time, unlike wall time, hardly depends on what else the machine runs, so a cost per
        operation measured this way holds on a shared machine too.
        """
        return {name: cpu_seconds(pid) for name, pid in self.processes().items()}


def owner_engine(live: Live, tmp: Path, service: str) -> Engine:
    """An engine on ``service``'s database of a running platform, as its owner."""
    if live.mode == "embedded":
        return make_engine(f"sqlite:///{tmp / f'{service}.db'}")
    assert live.settings is not None
    return make_engine(admin_url(live.settings, database_name(live.settings, service)))


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and all its threads (Linux ``/proc``; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bare_app(engine: Engine, tenant_id: str = "demo") -> FastAPI:
    """The floor: the same queries with no auth, RPC, validation, tenancy or outbox.

    ``GET /catalogue`` is the catalogue read's query; ``POST /sign/{store}`` is a signing's
    essential write: take the store's next number from a counter row and insert a row, in one
    transaction (as C04's counter does).
    """
    app = FastAPI()
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS bench_counters (store VARCHAR(8) PRIMARY KEY, n INTEGER)"))
        conn.execute(text("CREATE TABLE IF NOT EXISTS bench_signed (number VARCHAR(32) PRIMARY KEY)"))

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/catalogue")
    def catalogue() -> dict[str, Any]:
        with engine.connect() as conn:
            rows = conn.execute(select(catalogue_items).where(catalogue_items.c.tenant_id == tenant_id)
                                .order_by(catalogue_items.c.code)).all()
        return {"items": [{"code": r.code, "name": r.name, "unit": r.unit, "unit_price": money_str(r.unit_price),
                           "trade": r.trade} for r in rows]}

    @app.post("/sign/{store}")
    def sign(store: str) -> dict[str, str]:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO bench_counters (store, n) VALUES (:s, 0) ON CONFLICT DO NOTHING"),
                         {"s": store})
            n = conn.execute(text("UPDATE bench_counters SET n = n + 1 WHERE store = :s RETURNING n"),
                             {"s": store}).scalar_one()
            number = f"{store}{n:06d}"
            conn.execute(text("INSERT INTO bench_signed (number) VALUES (:n)"), {"n": number})
        return {"number": number}

    return app


@contextmanager
def running(mode: str, **overrides: Any) -> Iterator[Running]:
    """The platform in ``mode`` with its bare twin, both served on local ports (``overrides``: settings)."""
    with tempfile.TemporaryDirectory(prefix=f"renoflow-bench-{mode}-") as name:
        tmp = Path(name)
        harness = embedded(tmp, **overrides) if mode == "embedded" else \
            distributed(tmp, trace_spans=False, **overrides)
        with harness as live:
            engine = owner_engine(live, tmp, "contracts")
            port = free_port()
            server, thread = serve(bare_app(engine), port)
            try:
                yield Running(mode, live, f"http://127.0.0.1:{port}", tmp)
            finally:
                server.should_exit = True
                thread.join(timeout=10)
                engine.dispose()
