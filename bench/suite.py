"""The benchmarks: the catalogue read, contract signing and event latency, in either mode.

Each takes the running platform (:class:`bench.platforms.Running`), the load client and the
run's :class:`Sizes`, and returns its :class:`~bench.core.Figure` list.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, text

from bench.core import Figure, Target, gaps_and_duplicates, median, percentile, ratio
from bench.load import LoadClient, Outcome, Request
from bench.platforms import Running
from bench.profiling import profiled
from tests.platforms import SIGNATURE, Journey

#: The targets of issue 8, per benchmark and mode.
TARGETS: dict[tuple[str, str], Target] = {
    ("read", "distributed"): Target(0.5, "× bare"),
    ("read", "embedded"): Target(0.8, "× bare"),
    ("sign", "distributed"): Target(150, "/s"),
    ("sign", "embedded"): Target(100, "/s"),
    ("events", "distributed"): Target(50, " ms", at_least=False),
    ("events", "embedded"): Target(50, " ms", at_least=False),
}
#: Signings per store per day are 99 at most (C04), so the signing bench has two stores' worth.
MAX_PER_STORE = 99


@dataclass(frozen=True)
class Sizes:
    """How much each benchmark does; :meth:`quick` for a smoke run."""

    reads: int = 1200
    read_concurrency: int = 8
    read_rounds: int = 4
    signings_per_store: int = MAX_PER_STORE
    sign_concurrency: int = 16
    event_signings: int = 50
    event_polls: int = 20

    @classmethod
    def quick(cls) -> Sizes:
        return cls(reads=200, read_rounds=2, signings_per_store=24, event_signings=15, event_polls=10)


class CpuMeter:
    """CPU the platform's processes spend on a phase, less what they spend idle (timers, heartbeats).

    :meth:`idle` first measures each process's idle rate while nothing is asked of it (and lets
    the events of an earlier phase finish); :meth:`phase` then counts one phase's CPU, including
    the events it set off, handled within ``settle`` seconds after it.
    """

    def __init__(self, run: Running) -> None:
        self.run = run
        self.idle_rates: dict[str, float] = {}
        self.spent: dict[str, float] = {}

    def idle(self, seconds: float = 3.0) -> None:
        before, started = self.run.cpu_seconds(), time.monotonic()
        time.sleep(seconds)
        after, took = self.run.cpu_seconds(), time.monotonic() - started
        self.idle_rates = {k: max(0.0, after[k] - before.get(k, after[k])) / took for k in after}

    @contextmanager
    def phase(self, settle: float = 3.0) -> Iterator[None]:
        before, started = self.run.cpu_seconds(), time.monotonic()
        yield
        time.sleep(settle)
        after, took = self.run.cpu_seconds(), time.monotonic() - started
        for k in after:
            used = after[k] - before.get(k, after[k]) - self.idle_rates.get(k, 0.0) * took
            self.spent[k] = self.spent.get(k, 0.0) + max(0.0, used)

    def figure(self, benchmark: str, operations: int, what: str) -> Figure:
        """CPU milliseconds per operation summed over the processes, with the split.

        The note gives the ceiling this cost puts on the machine's cores: at most
        ``cores × 1000 / ms`` operations per second however the work is scheduled (PostgreSQL's
        and RabbitMQ's own CPU come on top).
        """
        spent = {name: sec * 1000 / max(1, operations) for name, sec in self.spent.items()}
        total = sum(spent.values())
        cores = os.cpu_count() or 1
        split = ", ".join(f"{name} {ms:.1f}" for name, ms in sorted(spent.items(), key=lambda kv: -kv[1])
                          if ms >= 0.05)
        ceiling = cores * 1000 / total if total > 0 else math.inf
        return Figure(benchmark, self.run.mode, f"CPU per {what}", total, " ms",
                      note=f"ceiling {ceiling:.0f}/s on {cores} cores; {split}")


def read(run: Running, load: LoadClient, sizes: Sizes) -> list[Figure]:
    """GET /api/v1/catalogue as designer-a against the bare app's same query, alternating rounds.

    Rounds alternate (RenoFlow, bare, RenoFlow, …) so that a neighbour's burst on a shared
    machine hits both sides alike; each side's figure is its requests over its total time.
    """
    token = run.live.token("designer-a")
    per_round = max(1, sizes.reads // sizes.read_rounds)
    ours = Outcome(seconds=0.0)
    bare = Outcome(seconds=0.0)
    meter = CpuMeter(run)
    meter.idle()
    for n in range(sizes.read_rounds):
        for side, base, req in ((ours, run.live.base_url, Request("GET", "/api/v1/catalogue", token)),
                                (bare, run.bare_url, Request("GET", "/catalogue"))):
            if side is ours:
                with meter.phase(settle=0.0), profiled(f"{run.mode}-read") if n == 0 else nullcontext():
                    got = load.run(base, [req] * per_round, sizes.read_concurrency)
            else:
                got = load.run(base, [req] * per_round, sizes.read_concurrency)
            side.seconds += got.seconds
            side.statuses += got.statuses
            side.latencies += got.latencies
    failed = ours.failures() + bare.failures()
    note = f"{len(failed)} failed requests" if failed else \
        f"p95 {percentile(ours.latencies, 0.95) * 1000:.0f} ms vs {percentile(bare.latencies, 0.95) * 1000:.0f} ms"
    return [
        Figure("read", run.mode, f"catalogue, {sizes.read_concurrency} concurrent", ours.per_second, " req/s",
               floor=bare.per_second, floor_label="bare FastAPI + SQLAlchemy"),
        Figure("read", run.mode, "catalogue RenoFlow / bare", ratio(ours.per_second, bare.per_second), "×",
               target=TARGETS[("read", run.mode)], note=note),
        meter.figure("read", len(ours.statuses), "read"),
    ]


def _draft_all(run: Running, stores: tuple[str, ...], per_store: int) -> dict[str, list[str]]:
    """Draft ``per_store`` contracts in each store (a few at a time: drafting is not measured)."""
    journeys = {store: Journey(run.live, store=store, designer=f"designer-{store.lower()}") for store in stores}
    with ThreadPoolExecutor(4) as pool:
        return {store: list(pool.map(lambda _, j=journey: j.draft_contract()["id"], range(per_store)))
                for store, journey in journeys.items()}


def sign(run: Running, load: LoadClient, sizes: Sizes) -> list[Figure]:
    """Sign contracts of stores A and B all at once (16 clients), then check C04's numbers.

    The floor is the bare app's counter-row write at the same concurrency. The numbers of every
    signing this run made are checked for gaps and duplicates, per store and day.
    """
    stores = ("A", "B")
    drafts = _draft_all(run, stores, sizes.signings_per_store)
    body = {"customer_signature": SIGNATURE, "cost_notice_acknowledged": True}
    requests = []
    for i in range(sizes.signings_per_store):  # interleaved, so both stores' counters are contended
        for store in stores:
            requests.append(Request("POST", f"/api/v1/contracts/{drafts[store][i]}/sign",
                                    run.live.token(f"designer-{store.lower()}"), body))
    meter = CpuMeter(run)
    meter.idle()  # also lets the drafts' own events finish
    with meter.phase(), profiled(f"{run.mode}-sign"):
        signed = load.run(run.live.base_url, requests, sizes.sign_concurrency, keep_bodies=True)
    floor = load.run(run.bare_url, [Request("POST", f"/sign/{stores[i % 2]}") for i in range(len(requests))],
                     sizes.sign_concurrency)
    numbers = [b["number"] for s, b in zip(signed.statuses, signed.bodies, strict=True) if s == 200]
    gaps, duplicates = gaps_and_duplicates(numbers)
    failed = signed.failures()
    return [
        Figure("sign", run.mode, f"signings, {sizes.sign_concurrency} concurrent, 2 stores", signed.per_second, "/s",
               target=TARGETS[("sign", run.mode)], floor=floor.per_second, floor_label="bare counter write",
               note=f"{len(numbers)} signed, {len(failed)} failed, p95 {percentile(signed.latencies, 0.95) * 1000:.0f}"
                    f" ms"),
        Figure("sign", run.mode, "contract numbers: gaps + duplicates", gaps + duplicates, "",
               target=Target(0, "", at_least=False), note=f"{gaps} gaps, {duplicates} duplicates"),
        meter.figure("sign", len(numbers), "signing (with its events)"),
    ]


def events(run: Running, load: LoadClient, sizes: Sizes) -> list[Figure]:
    """Contracts' commit → finance's handler committed, one signing at a time; then what a user sees.

    Uses the second demo tenant (its own counters, so the signing bench keeps two full stores).

    - *commit → handler committed* (the target's figure, issue 8 item 1): ``event_signings``
      signings, each waited for until finance's outbox holds its ``payment_plan_opened`` row
      (read straight from finance's database every 2 ms, so the wait adds no load on the
      platform). The figure is the time between the stamps both units of work write just before
      they commit: the ``contract_signed`` row of contracts' outbox and the handler's row. One
      clock (one machine) takes both.
    - *sign → plan readable*: ``event_polls`` more signings, each followed by polling
      ``GET …/payment-plan`` every 2 ms as a client would; it adds the poll's round trip through
      the gateway and finance, and the polls' own load on both. Its floor is one poll of a plan
      already there.
    """
    journey = Journey(run.live, store="A", designer="designer-a@other")
    client = journey.designer
    drafts = [journey.draft_contract()["id"] for _ in range(sizes.event_signings + sizes.event_polls)]
    stamped, polled = drafts[:sizes.event_signings], drafts[sizes.event_signings:]
    finance = run.engine("finance")
    try:
        with profiled(f"{run.mode}-events"):
            for contract_id in stamped:
                res = journey.sign(contract_id)
                assert res.status_code == 200, res.text
                _wait_for_plan(finance, contract_id)
    finally:
        finance.dispose()
    handled = commit_to_handler(run, stamped)
    latencies: list[float] = []
    for contract_id in polled:
        res = journey.sign(contract_id)
        assert res.status_code == 200, res.text
        # The sign answer comes after the commit: from here on the event is on its way.
        started = time.perf_counter()
        deadline = started + 30
        while True:
            got = client.get(f"/api/v1/contracts/{contract_id}/payment-plan")
            if got.status_code == 200:
                break
            assert got.status_code == 404 and time.perf_counter() < deadline, got.text
            time.sleep(0.002)
        latencies.append((time.perf_counter() - started) * 1000)
    polls = []
    for _ in range(20):
        started = time.perf_counter()
        client.get(f"/api/v1/contracts/{polled[0]}/payment-plan")
        polls.append((time.perf_counter() - started) * 1000)
    return [
        Figure("events", run.mode, f"commit → handler committed, p95 of {len(handled)}",
               percentile(handled, 0.95), " ms", target=TARGETS[("events", run.mode)],
               note=f"p50 {median(handled):.0f} ms, max {max(handled):.0f} ms; from the outbox stamps"),
        Figure("events", run.mode, f"sign → plan readable, p95 of {len(latencies)}",
               percentile(latencies, 0.95), " ms", floor=percentile(polls, 0.95), floor_label="one poll, p95",
               note=f"p50 {median(latencies):.0f} ms, max {max(latencies):.0f} ms; through the API"),
    ]


def _wait_for_plan(finance: Engine, contract_id: str, timeout: float = 30) -> None:
    """Until finance's handler has committed the contract's plan (its outbox row is there)."""
    # A LIKE on the JSON text: the same on SQLite and PostgreSQL, and the table stays small here.
    probe = text("SELECT 1 FROM outbox WHERE event_type = 'payment_plan_opened' "
                 "AND CAST(payload AS TEXT) LIKE :pattern")
    deadline = time.perf_counter() + timeout
    with finance.connect() as conn:
        while conn.execute(probe, {"pattern": f'%{contract_id}%'}).first() is None:
            conn.rollback()  # a fresh snapshot for the next look
            assert time.perf_counter() < deadline, f"no payment plan for {contract_id} after {timeout} s"
            time.sleep(0.002)


def commit_to_handler(run: Running, contract_ids: list[str]) -> list[float]:
    """Milliseconds from each contract's ``contract_signed`` outbox stamp to its plan's."""
    wanted = set(contract_ids)

    def stamps(service: str, event_type: str) -> dict[str, float]:
        engine = run.engine(service)
        try:
            with engine.connect() as conn:
                rows = conn.execute(text("SELECT payload, created_at FROM outbox WHERE event_type = :t"),
                                    {"t": event_type}).all()
        finally:
            engine.dispose()
        found = {}
        for payload, created_at in rows:
            data = json.loads(payload) if isinstance(payload, str) else payload
            # SQLite hands back the stored text; PostgreSQL an aware datetime.
            moment = created_at if isinstance(created_at, datetime) else datetime.fromisoformat(created_at)
            if data.get("contract_id") in wanted:
                found[data["contract_id"]] = moment.replace(tzinfo=moment.tzinfo or UTC).timestamp()
        return found

    signed, opened = stamps("contracts", "contract_signed"), stamps("finance", "payment_plan_opened")
    missing = {c for c in wanted if c not in signed or c not in opened}
    assert not missing, f"no outbox stamps for {len(missing)} contracts"
    return [(opened[c] - signed[c]) * 1000 for c in contract_ids]


Benchmark = Callable[[Running, LoadClient, Sizes], list[Figure]]
#: In the order they run on one platform: reads first (on a fresh database), events last.
BENCHMARKS: dict[str, Benchmark] = {"read": read, "sign": sign, "events": events}
