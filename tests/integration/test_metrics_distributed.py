"""Distributed mode exports metrics too: a nameko service process sends its outbox lag over OTLP.

The service processes run as ``renoflow up --distributed`` runs them, with the metrics endpoint
pointing at a small OTLP/HTTP receiver in this test; what they send is decoded with
OpenTelemetry's own protobuf classes. (The counters' code paths, the same in both modes, are
tested in tests/unit/test_metrics.py.) Skipped with the reason without PostgreSQL or RabbitMQ.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import (
    ExportMetricsServiceRequest,
    ExportMetricsServiceResponse,
)

from renoflow.distributed import ServiceProcesses, provision_all
from renoflow.services import MIGRATIONS
from tests.servers import drop_throwaway, require_postgres, require_rabbitmq, throwaway_settings, throwaway_vhost

pytestmark = pytest.mark.integration


class Receiver:
    """An OTLP/HTTP metrics endpoint keeping (service.name, metric, attributes) of what it got."""

    def __init__(self) -> None:
        self.seen: set[tuple[str, str, tuple[tuple[str, str], ...]]] = set()
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                request = ExportMetricsServiceRequest.FromString(body)
                with receiver.lock:
                    for rm in request.resource_metrics:
                        service = next((a.value.string_value for a in rm.resource.attributes
                                        if a.key == "service.name"), "")
                        for sm in rm.scope_metrics:
                            for m in sm.metrics:
                                points = m.gauge.data_points or m.sum.data_points
                                for p in points:
                                    attrs = tuple(sorted((a.key, a.value.string_value) for a in p.attributes))
                                    receiver.seen.add((service, m.name, attrs))
                reply = ExportMetricsServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1/metrics"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def test_P03_every_service_process_exports_its_outbox_lag_over_otlp(receiver: Receiver, tmp_path: Path) -> None:
    require_postgres()
    require_rabbitmq()
    with throwaway_vhost() as amqp_uri:
        settings = throwaway_settings(data_dir=tmp_path, environment="test", amqp_uri=amqp_uri)
        processes = ServiceProcesses(settings, log_dir=tmp_path / "logs", extra_env={
            "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT": receiver.url, "OTEL_METRIC_EXPORT_INTERVAL": "300"})
        try:
            provision_all(settings)
            started = ("sales", "contracts")  # two are enough to tell processes apart, and start faster
            for name in started:
                processes.start(name)
            wanted = {(f"renoflow-{s}", "renoflow.outbox.lag", (("service", s),)) for s in started}
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with receiver.lock:
                    if wanted <= receiver.seen:
                        break
                time.sleep(0.2)
            with receiver.lock:
                missing = wanted - receiver.seen
            assert not missing, f"no outbox lag from {sorted(m[0] for m in missing)}"
        finally:
            processes.stop()
            drop_throwaway(settings, MIGRATIONS)
