"""The platform under test, in embedded or distributed mode, and the journey through its API.

Every end-to-end test runs against both modes: embedded (one process) always; distributed
(nameko processes on the local RabbitMQ and PostgreSQL) where those servers run — skipped with
the reason otherwise, and a failure under CI (``RENOFLOW_REQUIRE_SERVICES=1``).
"""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from renoflow.demo import seed_demo_data, seed_demo_services
from renoflow.distributed import ServiceProcesses, build_gateway, provision_all
from renoflow.embedded import build_platform
from renoflow.services import MIGRATIONS
from shared.messaging.amqp import NamekoRpcClient
from shared.settings import Settings
from tests.servers import drop_throwaway, require_postgres, require_rabbitmq, throwaway_settings, throwaway_vhost

SIGNATURE = {"name": "王芳", "role": "customer", "image": "data:image/png;base64,iVBORw0KGgo="}
#: Small upload limits, so that tests of the limits stay fast (the defaults are 20 MB and 1 GB).
UPLOAD_LIMITS = {"upload_max_bytes": 256 * 1024, "upload_max_video_bytes": 1024 * 1024}
ATTACHMENTS = ("contract_notes", "agreed_terms", "customer_supplied_materials", "company_supplied_materials",
               "drawings", "customer_notice", "customer_service_form")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Live:
    """A running platform (either mode) and the means to act as its users."""

    def __init__(self, mode: str, base_url: str, trace_file: Path | None = None,
                 processes: ServiceProcesses | None = None, settings: Settings | None = None,
                 rpc: NamekoRpcClient | None = None) -> None:
        self.mode = mode
        self.base_url = base_url
        self.trace_file = trace_file
        self.processes = processes
        self.settings = settings
        self.rpc = rpc  # the gateway's RPC client (distributed mode), for tests that tune or watch it
        self._tokens: dict[str, str] = {}

    def token(self, username: str, password: str = "demo") -> str:
        if username not in self._tokens:
            res = httpx.post(f"{self.base_url}/realms/renoflow/protocol/openid-connect/token", data={
                "grant_type": "password", "client_id": "renoflow-web", "username": username, "password": password})
            assert res.status_code == 200, res.text
            self._tokens[username] = res.json()["access_token"]
        return self._tokens[username]

    def as_user(self, username: str) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=30,
                            headers={"Authorization": f"Bearer {self.token(username)}"})

    def service_spans(self) -> list[dict[str, Any]]:
        """Spans the service processes wrote (distributed mode), as plain dicts."""
        if self.trace_file is None or not self.trace_file.exists():
            return []
        spans = []
        for line in self.trace_file.read_text().splitlines():
            if line.strip():
                data = json.loads(line)
                spans.append({"name": data["name"], "kind": data["kind"].removeprefix("SpanKind."),
                              "trace_id": int(data["context"]["trace_id"], 16)})
        return spans


def eventually(probe: Callable[[], httpx.Response], *, ok: Callable[[httpx.Response], bool],
               timeout: float = 15) -> httpx.Response:
    """Repeat a request until it shows what an event will bring (services meet through events)."""
    deadline = time.monotonic() + timeout
    while True:
        res = probe()
        if ok(res) or time.monotonic() > deadline:
            return res
        time.sleep(0.1)


def serve(app: Any, port: int) -> tuple[uvicorn.Server, threading.Thread]:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the gateway did not start"
        time.sleep(0.05)
    return server, thread


@contextmanager
def embedded(tmp: Path, **overrides: Any) -> Iterator[Live]:
    port = free_port()
    settings = Settings(**{"data_dir": tmp, "port": port, "environment": "test", **UPLOAD_LIMITS, **overrides})
    platform = build_platform(settings)
    seed_demo_data(platform)
    server, thread = serve(platform.app, port)
    try:
        yield Live("embedded", f"http://127.0.0.1:{port}", settings=settings)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        platform.close()


@contextmanager
def distributed(tmp: Path, replicas: int | dict[str, int] = 1, *, trace_spans: bool = True,
                **overrides: Any) -> Iterator[Live]:
    """The platform in distributed mode; ``overrides`` are settings its processes also get.

    ``replicas``: processes per service (:class:`ServiceProcesses`), e.g. ``{"contracts": 2}``.
    ``trace_spans``: the services write every span to a file the tests read (the benchmarks
    turn it off: writing each span as it ends is the harness's cost, not the platform's).
    """
    require_postgres()
    require_rabbitmq()
    port = free_port()
    with throwaway_vhost() as amqp_uri:
        settings = throwaway_settings(**{"data_dir": tmp, "port": port, "environment": "test", "amqp_uri": amqp_uri,
                                         "rpc_timeout_seconds": 20, **UPLOAD_LIMITS, **overrides})
        trace_file = tmp / "spans.jsonl"
        processes = ServiceProcesses(settings, log_dir=tmp / "logs",
                                     extra_env={"RENOFLOW_TRACE_FILE": str(trace_file)} if trace_spans else {},
                                     replicas=replicas)
        gateway = None
        server = thread = None
        try:
            provision_all(settings)
            processes.start()
            processes.wait_ready()
            gateway = build_gateway(settings)
            seed_demo_services(gateway.identity, gateway.directory, gateway.rpc, environment=settings.environment)
            server, thread = serve(gateway.app, port)
            yield Live("distributed", f"http://127.0.0.1:{port}", trace_file, processes, settings, gateway.rpc)
        finally:
            if server is not None and thread is not None:
                server.should_exit = True
                thread.join(timeout=10)
            processes.stop()
            if gateway is not None:
                gateway.rpc.close()
                gateway.directory.dispose()
            drop_throwaway(settings, MIGRATIONS)


class Journey:
    """Steps of the sales-to-contract journey through the public API, as the right roles."""

    def __init__(self, live: Live, store: str = "A", designer: str = "designer-a") -> None:
        self.live = live
        self.store = store
        self.designer = live.as_user(designer)

    def lead(self, **overrides: Any) -> dict[str, Any]:
        body = {"customer_name": "王芳", "phone": "13800001111", "address": "朝阳区望京街 8 号 3-1201",
                "store": self.store, "source": "web", "channel": "residential_community",
                "consultation_channel": "walk_in", **overrides}
        res = self.designer.post("/api/v1/leads", json=body)
        assert res.status_code == 201, res.text
        return res.json()

    def document(self, kind: str = "contract_attachment", **record: str) -> dict[str, Any]:
        """Upload a small PDF; ``record`` names its ``lead_id``, ``contract_id`` or ``store``."""
        res = self.designer.post("/api/v1/documents", data={"kind": kind, **record},
                                 files={"file": ("附件.pdf", b"%PDF-1.4 attachment", "application/pdf")})
        assert res.status_code == 201, res.text
        return res.json()

    def draft_contract(self, attach: tuple[str, ...] = ATTACHMENTS,
                       special_items: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        lead = self.lead()
        quote = eventually(lambda: self.designer.post("/api/v1/quotes", json={"lead_id": lead["id"], "items": [
            {"catalogue_code": "PAINT-01", "quantity": "120"}, {"catalogue_code": "TILE-01", "quantity": "40"}],
            "special_items": special_items or []}), ok=lambda r: r.status_code != 404)
        assert quote.status_code == 201, quote.text
        issued = self.designer.post(f"/api/v1/quotes/{quote.json()['id']}/issue")
        assert issued.status_code == 200, issued.text
        contract = self.designer.post("/api/v1/contracts", json={
            "lead_id": lead["id"], "quote_id": quote.json()["id"], "market_party": False})
        assert contract.status_code == 201, contract.text
        doc = self.document()
        for kind in attach:
            res = self.designer.post(f"/api/v1/contracts/{contract.json()['id']}/attachments",
                                     json={"kind": kind, "document_id": doc["id"]})
            assert res.status_code == 201, res.text
        return contract.json()

    def sign(self, contract_id: str, **overrides: Any) -> httpx.Response:
        body = {"customer_signature": SIGNATURE, "cost_notice_acknowledged": True, **overrides}
        return self.designer.post(f"/api/v1/contracts/{contract_id}/sign", json=body)


def visit_time(days: int = 7) -> str:
    """A measurement visit ``days`` ahead at 10:00 in Beijing time (a visit is never in the past)."""
    day = (datetime.now(UTC) + timedelta(days=days)).astimezone(timezone(timedelta(hours=8))).date()
    return f"{day.isoformat()}T10:00:00+08:00"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()
