"""Operations metrics (issue 12 item 6, decision 0039): each instrument counts what it should.

Every test records into its own SDK meter provider with an in-memory reader
(:func:`use_meter_provider`), so nothing is exported and the tests do not see each other's counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader, MetricExporter, MetricExportResult
from sqlalchemy import MetaData, func, select

from shared.clock import moved_to
from shared.messaging import nameko_support
from shared.messaging.consumers import Consumer, handle
from shared.messaging.events import Event, EventView
from shared.messaging.outbox import MAX_ATTEMPTS, OutboxRelay
from shared.observability import metrics as metrics_module
from shared.observability.metrics import INSTRUMENTS, setup_metrics, use_meter_provider
from shared.persistence.db import ServiceDatabase
from shared.persistence.platform_tables import add_platform_tables
from shared.persistence.uow import UnitOfWork


class ThingDone(Event):
    event_type = "thing_done"
    n: int


class ThingDoneView(EventView):
    n: int


class Broker:
    def __init__(self, up: bool = True) -> None:
        self.up = up
        self.sent: list[dict[str, Any]] = []

    def publish(self, source_service: str, event_type: str, payload: dict[str, Any]) -> None:
        if not self.up:
            raise ConnectionError("broker down")
        self.sent.append(payload)


@pytest.fixture
def reader() -> Iterator[InMemoryMetricReader]:
    memory = InMemoryMetricReader()
    provider = MeterProvider(metric_readers=[memory])
    with use_meter_provider(provider):
        yield memory
    provider.shutdown()


def points(reader: InMemoryMetricReader, name: str) -> list[tuple[dict[str, Any], Any]]:
    """(attributes, value) of every data point of ``name``; a histogram's value is its count."""
    data = reader.get_metrics_data()
    found = []
    for resource in data.resource_metrics if data else ():
        for scope in resource.scope_metrics:
            for metric in scope.metrics:
                if metric.name == name:
                    for p in metric.data.data_points:
                        found.append((dict(p.attributes), getattr(p, "value", getattr(p, "count", None))))
    return found


def total(reader: InMemoryMetricReader, name: str, **attributes: Any) -> float:
    return sum(v for a, v in points(reader, name) if all(a.get(k) == w for k, w in attributes.items()))


def outbox(service: str) -> tuple[ServiceDatabase, Any]:
    metadata = MetaData()
    tables = add_platform_tables(metadata)
    db = ServiceDatabase(service, "sqlite://")
    metadata.create_all(db.engine)
    return db, tables


def commit_events(db: ServiceDatabase, tables: Any, *numbers: int) -> None:
    with UnitOfWork(db, tables, "tenant-1") as uow:
        for n in numbers:
            uow.publish(ThingDone(n=n))
        uow.commit()


def test_P03_every_delivered_event_counts_once_as_published(reader: InMemoryMetricReader) -> None:
    db, tables = outbox("pubsvc")
    relay = OutboxRelay(db, tables, Broker(), service="pubsvc")
    commit_events(db, tables, 1, 2, 3)
    assert relay.publish_pending() == 3
    assert relay.publish_pending() == 0  # nothing left: no count for a pass that sends nothing
    assert points(reader, "renoflow.events.published") == [
        ({"service": "pubsvc", "event_source": "pubsvc", "event_type": "thing_done"}, 3)]


def test_P03_a_failed_delivery_counts_as_retried_until_the_last_attempt_dead_letters_it(
        reader: InMemoryMetricReader) -> None:
    db, tables = outbox("deadsvc")
    relay = OutboxRelay(db, tables, Broker(up=False), service="deadsvc")
    commit_events(db, tables, 1)
    for _ in range(MAX_ATTEMPTS):
        relay.publish_pending()
    assert total(reader, "renoflow.events.retried", service="deadsvc", stage="relay") == MAX_ATTEMPTS - 1
    assert total(reader, "renoflow.events.dead_lettered", service="deadsvc", stage="relay") == 1
    relay.publish_pending()  # set aside: not tried (nor counted) again
    assert total(reader, "renoflow.events.dead_lettered", service="deadsvc") == 1
    assert total(reader, "renoflow.events.published", service="deadsvc") == 0


def test_P03_a_handled_event_counts_once_and_an_inbox_repeat_not_at_all(reader: InMemoryMetricReader) -> None:
    db, tables = outbox("handlersvc")
    seen: list[int] = []

    def note_thing(view: ThingDoneView, uow: Any) -> None:
        seen.append(view.n)

    consumer = Consumer("pubsvc", "thing_done", ThingDoneView, note_thing)
    source_db, source_tables = outbox("pubsvc")
    broker = Broker()
    commit_events(source_db, source_tables, 7)
    OutboxRelay(source_db, source_tables, broker).publish_pending()
    event = broker.sent[0]  # the envelope as the bus carries it
    assert handle(consumer, "handlersvc", lambda tenant: UnitOfWork(db, tables, tenant), event) is True
    assert handle(consumer, "handlersvc", lambda tenant: UnitOfWork(db, tables, tenant), event) is False
    assert seen == [7]
    assert points(reader, "renoflow.events.handled") == [
        ({"service": "handlersvc", "event_source": "pubsvc", "event_type": "thing_done", "handler": "note_thing"}, 1)]


def test_P03_a_failing_handler_counts_as_retried_then_dead_lettered_on_the_broker(
        reader: InMemoryMetricReader, monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[str] = []
    monkeypatch.setattr(nameko_support, "republish", lambda uri, message, *, routing_key, headers, declare=None:
                        sent.append(routing_key))
    monkeypatch.setattr(nameko_support.time, "sleep", lambda seconds: None)
    handler = nameko_support.ReliableEventHandler.__new__(nameko_support.ReliableEventHandler)
    handler.container = SimpleNamespace(config={"AMQP_URI": "memory://"}, service_name="construction")
    handler.queue = SimpleNamespace(name="evt-contracts-contract_signed--construction.on_contract_signed",
                                    exchange=SimpleNamespace(name="contracts.events"))
    handler.source_service, handler.event_type = "contracts", "contract_signed"
    failure = (RuntimeError, RuntimeError("boom"), None)
    headers: dict[str, Any] = {}
    for _ in range(nameko_support.MAX_HANDLER_ATTEMPTS):
        handler._retry_or_dead_letter(SimpleNamespace(headers=dict(headers)), failure)
        headers[nameko_support.ATTEMPT_HEADER] = int(headers.get(nameko_support.ATTEMPT_HEADER, 1)) + 1
    assert sent[-1] == nameko_support.DEAD_LETTER_QUEUE and len(sent) == nameko_support.MAX_HANDLER_ATTEMPTS
    labels = {"service": "construction", "event_source": "contracts", "event_type": "contract_signed",
              "stage": "handler"}
    assert points(reader, "renoflow.events.retried") == [(labels, nameko_support.MAX_HANDLER_ATTEMPTS - 1)]
    assert points(reader, "renoflow.events.dead_lettered") == [(labels, 1)]


def lag(reader: InMemoryMetricReader, service: str) -> float:
    values = [v for a, v in points(reader, "renoflow.outbox.lag") if a == {"service": service}]
    assert len(values) == 1, values
    return float(values[0])


def test_P03_outbox_lag_grows_while_the_relay_is_stopped_and_falls_to_zero_once_it_publishes(
        reader: InMemoryMetricReader) -> None:
    db, tables = outbox("lagsvc")
    relay = OutboxRelay(db, tables, Broker(), service="lagsvc")
    assert lag(reader, "lagsvc") == 0.0  # an empty outbox is reported, as no lag
    commit_events(db, tables, 1)
    with db.sessions() as session:
        committed = session.execute(select(func.min(tables.outbox.c.created_at))).scalar_one()
    with moved_to(committed + timedelta(minutes=10)):
        ten_minutes = lag(reader, "lagsvc")
    with moved_to(committed + timedelta(hours=1)):
        an_hour = lag(reader, "lagsvc")
    assert ten_minutes == pytest.approx(600, abs=1)
    assert an_hour == pytest.approx(3600, abs=1)
    relay.publish_pending()
    assert lag(reader, "lagsvc") == 0.0


def test_outbox_lag_of_an_unreadable_outbox_is_left_out_not_an_error(reader: InMemoryMetricReader) -> None:
    db, tables = outbox("gonesvc")
    relay = OutboxRelay(db, tables, Broker(), service="gonesvc")
    tables.outbox.drop(db.engine)
    assert [a for a, _v in points(reader, "renoflow.outbox.lag") if a["service"] == "gonesvc"] == []
    assert relay.service == "gonesvc"


@pytest.fixture
def gateway(tmp_path: Path) -> Iterator[TestClient]:
    from renoflow.demo import seed_demo_data
    from renoflow.embedded import build_platform
    from shared.settings import Settings

    platform = build_platform(Settings(data_dir=tmp_path, environment="test"))
    seed_demo_data(platform)
    try:
        yield TestClient(platform.app)
    finally:
        platform.close()


def test_P01_a_404_counts_as_an_error_of_class_4xx_under_its_route_template(
        gateway: TestClient, reader: InMemoryMetricReader) -> None:
    token = gateway.post("/realms/renoflow/protocol/openid-connect/token", data={
        "grant_type": "password", "client_id": "renoflow-web", "username": "designer-a", "password": "demo"})
    assert token.status_code == 200, token.text
    auth = {"Authorization": f"Bearer {token.json()['access_token']}"}
    assert gateway.get("/api/v1/contracts/no-such-contract", headers=auth).status_code == 404
    assert gateway.get("/api/v1/contracts/another-missing-one", headers=auth).status_code == 404
    assert gateway.get("/api/v1/no/such/path/42", headers=auth).status_code == 404
    assert gateway.get("/healthz").status_code == 200

    template = "/api/v1/contracts/{contract_id}"
    assert total(reader, "renoflow.http.server.errors", route=template, error_class="4xx", method="GET") == 2
    assert total(reader, "renoflow.http.server.requests", route=template, status_class="4xx") == 2
    assert total(reader, "renoflow.http.server.duration", route=template) == 2  # one duration per request
    # A path of no route is one series, whatever the path: raw paths never become attributes.
    assert total(reader, "renoflow.http.server.errors", route="(unmatched)", error_class="4xx") == 1
    assert total(reader, "renoflow.http.server.requests", route="/healthz", status_class="2xx") == 1
    assert total(reader, "renoflow.http.server.errors", route="/healthz") == 0
    routes = {a["route"] for a, _v in points(reader, "renoflow.http.server.requests")}
    assert not any("no-such" in r or "missing" in r for r in routes)


def test_every_recorded_instrument_and_attribute_is_declared(
        gateway: TestClient, reader: InMemoryMetricReader) -> None:
    gateway.get("/api/v1/nothing-here")
    db, tables = outbox("declsvc")
    relay = OutboxRelay(db, tables, Broker(), service="declsvc")
    commit_events(db, tables, 1)
    relay.publish_pending()
    declared = {spec.name: set(spec.attributes) for spec in INSTRUMENTS}
    data = reader.get_metrics_data()
    recorded = {m.name: m for r in data.resource_metrics for s in r.scope_metrics for m in s.metrics}
    assert {"renoflow.http.server.requests", "renoflow.events.published", "renoflow.outbox.lag"} <= set(recorded)
    for name, metric in recorded.items():
        assert name in declared, name
        for p in metric.data.data_points:
            assert set(p.attributes) <= declared[name], (name, p.attributes)
            assert "tenant_id" not in p.attributes


def test_metrics_are_off_without_an_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    installed: list[Any] = []
    monkeypatch.setattr(metrics_module, "_provider_installed", False)
    monkeypatch.setattr(metrics_module.metrics, "set_meter_provider", installed.append)
    assert setup_metrics("renoflow-test") is False
    assert installed == []


class RecordingExporter(MetricExporter):
    """Stands in for the OTLP exporter: keeps what it was asked to send."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[Any] = []

    def export(self, metrics_data: Any, timeout_millis: float = 10_000, **kwargs: Any) -> MetricExportResult:
        self.batches.append(metrics_data)
        return MetricExportResult.SUCCESS

    def force_flush(self, timeout_millis: float = 10_000) -> bool:
        return True

    def shutdown(self, timeout_millis: float = 30_000, **kwargs: Any) -> None:
        return None


def test_metrics_export_over_otlp_when_an_endpoint_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    from opentelemetry.exporter.otlp.proto.http import metric_exporter

    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9")
    exporters: list[RecordingExporter] = []
    monkeypatch.setattr(metric_exporter, "OTLPMetricExporter", lambda: exporters.append(RecordingExporter())
                        or exporters[-1])
    installed: list[Any] = []
    monkeypatch.setattr(metrics_module, "_provider_installed", False)
    monkeypatch.setattr(metrics_module.metrics, "set_meter_provider", installed.append)
    assert setup_metrics("renoflow-test") is True
    assert setup_metrics("renoflow-test") is True  # once per process
    assert len(installed) == 1 and len(exporters) == 1
    provider = installed[0]
    try:
        with use_meter_provider(provider) as recorder:
            recorder.event_published(service="sales", source="sales", event_type="lead_registered")
        provider.force_flush()
        sent = [(r.resource.attributes["service.name"], m.name) for batch in exporters[0].batches
                for r in batch.resource_metrics for s in r.scope_metrics for m in s.metrics]
        assert ("renoflow-test", "renoflow.events.published") in sent
    finally:
        provider.shutdown()
