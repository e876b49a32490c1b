"""The load client, in a process of its own so that it does not share the gateway's GIL.

In both modes the gateway (and the bare app it is compared with) runs in the bench's process;
the clients sending the requests run here, in a spawned child with one thread and one HTTP
connection per concurrent client.
"""

from __future__ import annotations

import ssl
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import Any

import httpx


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    token: str | None = None
    json: dict[str, Any] | None = None


@dataclass
class Outcome:
    """What one load run saw: the wall time, each answer's status and latency, and wanted bodies."""

    seconds: float
    statuses: list[int] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    bodies: list[Any] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return len(self.statuses) / self.seconds if self.seconds > 0 else 0.0

    def failures(self, ok: tuple[int, ...] = (200, 201)) -> list[int]:
        return [s for s in self.statuses if s not in ok]


def _run(base_url: str, requests: list[Request], concurrency: int, keep_bodies: bool) -> Outcome:
    local = threading.local()
    clients: list[httpx.Client] = []
    lock = threading.Lock()

    # One TLS context for every client (none is used over plain HTTP, but httpx builds one per
    # client, and building it is the most expensive part of a client).
    tls = ssl.create_default_context()

    def client() -> httpx.Client:
        if not hasattr(local, "client"):
            local.client = httpx.Client(base_url=base_url, timeout=60, verify=tls)
            with lock:
                clients.append(local.client)
        return local.client  # type: ignore[no-any-return]

    def one(req: Request) -> tuple[int, float, Any]:
        headers = {"Authorization": f"Bearer {req.token}"} if req.token else {}
        started = time.perf_counter()
        res = client().request(req.method, req.path, json=req.json, headers=headers)
        took = time.perf_counter() - started
        return res.status_code, took, (res.json() if keep_bodies and res.content else None)

    # Warm every client's connection first, so the figure is not the cost of opening them.
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(lambda _: client().get("/healthz"), range(concurrency * 2)))
        started = time.perf_counter()
        results = list(pool.map(one, requests))
        seconds = time.perf_counter() - started
    for c in clients:
        c.close()
    return Outcome(seconds=seconds, statuses=[r[0] for r in results], latencies=[r[1] for r in results],
                   bodies=[r[2] for r in results] if keep_bodies else [])


class LoadClient:
    """A spawned child process that sends batches of requests on demand."""

    def __init__(self) -> None:
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))

    def run(self, base_url: str, requests: list[Request], concurrency: int, *, keep_bodies: bool = False) -> Outcome:
        """Send ``requests`` with ``concurrency`` clients at once; returns when every answer is in."""
        return self._pool.submit(_run, base_url, requests, concurrency, keep_bodies).result()

    def close(self) -> None:
        self._pool.shutdown()
