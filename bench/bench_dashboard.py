"""Benchmark (issue 9): the dashboard of a tenant with 50 stores, 200k contracts and 1M payments.

Generates the figures straight into the reporting service's tables (bulk insert: the same
rows its event handlers write, daily figures included), then answers ``get_dashboard`` through
the use case and its unit of work, as the gateway's call does, warm (after a few calls), on
SQLite (embedded mode) and on PostgreSQL (distributed mode: the app role, row-level security on;
needs the local server, skipped when absent). Prints p50/max and the figures.

    .venv/bin/python bench/bench_dashboard.py [contracts] [payments]
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.servers: the throw-away PostgreSQL

from sqlalchemy import insert  # noqa: E402

from services.reporting.adapters.orm import (  # noqa: E402
    FIGURES,
    PLATFORM,
    contracts_seen,
    daily_figures,
    monthly_figures,
    receipts,
)
from services.reporting.adapters.unit_of_work import ReportingUnitOfWork  # noqa: E402
from services.reporting.bootstrap import MIGRATIONS  # noqa: E402
from services.reporting.operations import OPERATIONS  # noqa: E402
from shared.identity.context import Principal  # noqa: E402
from shared.persistence.db import ServiceDatabase  # noqa: E402
from shared.persistence.migrations import upgrade  # noqa: E402

TENANT = "bench"
STORES = [f"S{n:02d}" for n in range(1, 51)]
FIRST_DAY = date(2024, 1, 1)
DAYS = 730
DASHBOARD = next(op for op in OPERATIONS if op.rpc_name == "get_dashboard")
HQ = Principal(tenant_id=TENANT, user_id="hq", username="hq", roles=frozenset({"hq"}), stores=frozenset())


def generate(contracts: int, payments: int) -> dict[Any, list[dict[str, Any]]]:
    """Contracts, their payments (received), and the daily and monthly figures they add up to."""
    rnd = random.Random(20261201)
    days: dict[tuple[date, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    signed = []
    for n in range(contracts):
        store, day = rnd.choice(STORES), FIRST_DAY + timedelta(days=rnd.randrange(DAYS))
        value = rnd.randrange(3_000_000, 50_000_000)  # 30k–500k yuan, in fen
        signed.append({"tenant_id": TENANT, "contract_id": f"c{n:07d}", "store": store, "day": day,
                       "value_fen": value})
        cell = days[(day, store)]
        cell["contracts_signed"] += 1
        cell["contract_value_fen"] += value
        cell["leads"] += 3
        cell["projects_opened"] += 1
        cell["complaints_recorded"] += rnd.random() < 0.1
    paid = []
    for n in range(payments):
        contract = signed[rnd.randrange(contracts)]
        day = min(contract["day"] + timedelta(days=rnd.randrange(120)), FIRST_DAY + timedelta(days=DAYS - 1))
        amount = rnd.randrange(100_000, 2_000_000)
        paid.append({"tenant_id": TENANT, "payment_id": f"p{n:07d}", "contract_id": contract["contract_id"],
                     "day": day, "amount_fen": amount, "attributed": True})
        days[(day, contract["store"])]["received_fen"] += amount
    for (day, _store), cell in days.items():
        if cell["projects_opened"] and day < FIRST_DAY + timedelta(days=DAYS - 90):
            cell["projects_finished"] = cell["projects_opened"]
        cell["complaints_resolved"] = cell["complaints_recorded"] if rnd.random() < 0.8 else 0
    daily = [{"tenant_id": TENANT, "day": day, "store": store, **{k: int(cell.get(k, 0)) for k in FIGURES}}
             for (day, store), cell in days.items()]
    months: dict[tuple[date, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in daily:
        month = months[(row["day"].replace(day=1), row["store"])]
        for k in FIGURES:
            month[k] += row[k]
    monthly = [{"tenant_id": TENANT, "month": month, "store": store, **{k: cell[k] for k in FIGURES}}
               for (month, store), cell in months.items()]
    return {contracts_seen: signed, receipts: paid, daily_figures: daily, monthly_figures: monthly}


def load_sqlalchemy(db: ServiceDatabase, rows: dict[Any, list[dict[str, Any]]]) -> None:
    with db.engine.begin() as conn:
        for table, values in rows.items():
            for start in range(0, len(values), 50_000):
                conn.execute(insert(table), values[start:start + 50_000])


def load_copy(dbname: str, rows: dict[Any, list[dict[str, Any]]]) -> None:
    from tests.servers import admin_connect  # the superuser: bulk COPY past row-level security

    with admin_connect(dbname) as conn:
        for table, values in rows.items():
            columns = list(values[0])
            with conn.cursor() as cur, cur.copy(
                    f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row([value[c] for c in columns])
        conn.execute("ANALYZE")


def measure(db: ServiceDatabase, label: str, rows: dict[Any, list[dict[str, Any]]], runs: int = 20) -> None:
    def call(start: date, end: date) -> dict[str, Any]:
        deps = {"uow": lambda: ReportingUnitOfWork(db, PLATFORM, TENANT), "principal": HQ}
        return DASHBOARD.run({"from": start.isoformat(), "to": end.isoformat()}, deps)  # type: ignore[no-any-return]

    last = FIRST_DAY + timedelta(days=DAYS - 1)
    for name, start in (("whole two years", FIRST_DAY), ("last month", last - timedelta(days=30))):
        for _ in range(3):  # warm: connections, plans, pages in cache
            call(start, last)
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            answer = call(start, last)
            times.append((time.perf_counter() - began) * 1000)
        total = answer["total"]
        print(f"{label:<22} {name:<16} p50 {statistics.median(times):6.1f} ms  max {max(times):6.1f} ms  "
              f"stores {len(answer['stores'])}  contracts {total['contracts_signed']}  "
              f"value {total['contract_value']}  received {total['received']}  outstanding {total['outstanding']}  "
              f"in progress {total['projects_in_progress']}  open complaints {total['complaints_open']}")
        if start == FIRST_DAY:  # the whole history: the sums of the generated records themselves
            value = sum(r["value_fen"] for r in rows[contracts_seen])
            received = sum(r["amount_fen"] for r in rows[receipts])
            same = (total["contracts_signed"] == len(rows[contracts_seen])
                    and Decimal(total["contract_value"]) * 100 == value
                    and Decimal(total["received"]) * 100 == received)
            print(f"{'':<22} equal to the sums of the generated contracts and payments: {same}")


@contextmanager
def postgres_database() -> Iterator[tuple[ServiceDatabase, str] | None]:
    try:
        from shared.persistence.postgres import database_name, provision
        from tests.servers import admin_connect, drop_throwaway, throwaway_settings

        with admin_connect() as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # no server here: say so and carry on with SQLite's figures
        print(f"PostgreSQL skipped: {exc}")
        yield None
        return
    settings = throwaway_settings()
    provision(settings, ["reporting"], {"reporting": MIGRATIONS})
    db = ServiceDatabase("reporting", settings.service_database_url("reporting"))
    try:
        yield db, database_name(settings, "reporting")
    finally:
        db.dispose()
        drop_throwaway(settings, ["reporting"])


def main(contracts: int = 200_000, payments: int = 1_000_000) -> None:
    began = time.perf_counter()
    rows = generate(contracts, payments)
    print(f"generated {len(STORES)} stores, {contracts} contracts, {payments} payments, "
          f"{len(rows[daily_figures])} store-days, {len(rows[monthly_figures])} store-months "
          f"in {time.perf_counter() - began:.1f} s")
    timed: Callable[[str, Callable[[], None]], None] = lambda what, fn: (  # noqa: E731
        lambda t0: (fn(), print(f"{what} in {time.perf_counter() - t0:.1f} s")))(time.perf_counter())
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'reporting.db'}"
        upgrade(MIGRATIONS, url)
        db = ServiceDatabase("reporting", url)
        timed("loaded SQLite", lambda: load_sqlalchemy(db, rows))
        measure(db, "embedded (SQLite)", rows)
        db.dispose()
    with postgres_database() as pg:
        if pg is not None:
            pg_db, name = pg
            timed("loaded PostgreSQL", lambda: load_copy(name, rows))
            measure(pg_db, "distributed (PostgreSQL)", rows)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
