"""The Grafana dashboard asks only for metrics the code emits, as the collector names them in Prometheus.

The names are derived from the one declaration of the platform's instruments
(:data:`shared.observability.metrics.INSTRUMENTS`) with the collector's Prometheus naming:
dots become underscores, the unit becomes a suffix (``s`` → ``_seconds``; a ``{…}`` annotation
is dropped), counters end in ``_total`` and a histogram is its ``_bucket``, ``_sum`` and
``_count`` series.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from shared.observability.metrics import INSTRUMENTS, InstrumentSpec

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
DASHBOARD = DEPLOY / "grafana" / "dashboards" / "renoflow.json"
UNIT_SUFFIXES = {"s": "seconds", "ms": "milliseconds", "By": "bytes", "1": "ratio"}
#: Labels Prometheus or the collector add to every series.
ADDED_LABELS = {"job", "instance", "le"}


def prometheus_names(spec: InstrumentSpec) -> set[str]:
    """The series the collector's ``prometheus`` exporter makes of one instrument."""
    name = spec.name.replace(".", "_")
    suffix = "" if spec.unit.startswith("{") else UNIT_SUFFIXES[spec.unit]
    if suffix and not name.endswith(f"_{suffix}"):
        name = f"{name}_{suffix}"
    if spec.kind == "counter":
        return {f"{name}_total"}
    if spec.kind == "histogram":
        return {f"{name}_bucket", f"{name}_sum", f"{name}_count"}
    return {name}


def test_prometheus_naming_of_the_instruments() -> None:
    names = {spec.name: prometheus_names(spec) for spec in INSTRUMENTS}
    assert names["renoflow.events.published"] == {"renoflow_events_published_total"}
    assert names["renoflow.outbox.lag"] == {"renoflow_outbox_lag_seconds"}
    assert "renoflow_http_server_duration_seconds_bucket" in names["renoflow.http.server.duration"]


@pytest.fixture(scope="module")
def dashboard() -> dict[str, Any]:
    return json.loads(DASHBOARD.read_text(encoding="utf-8"))


def expressions(dashboard: dict[str, Any]) -> list[str]:
    def panels(node: dict[str, Any]) -> list[dict[str, Any]]:
        return [p for child in node.get("panels", []) for p in (child, *panels(child))]

    return [t["expr"] for p in panels(dashboard) for t in p.get("targets", [])]


def test_dashboard_queries_use_only_emitted_metric_names(dashboard: dict[str, Any]) -> None:
    emitted = {n for spec in INSTRUMENTS for n in prometheus_names(spec)}
    exprs = expressions(dashboard)
    assert exprs
    for expr in exprs:
        metrics_used = set(re.findall(r"\brenoflow_[a-z0-9_]+", expr))
        assert metrics_used, f"no RenoFlow metric in {expr!r}"
        assert metrics_used <= emitted, f"{expr!r} asks for {metrics_used - emitted}"
        # Any other bare identifier followed by [ or { would be a metric of someone else.
        others = set(re.findall(r"\b([a-z_:][a-z0-9_:]*)\s*[\[{]", expr)) - emitted
        assert not others, f"{expr!r} names metrics the code does not emit: {others}"


def test_dashboard_groups_and_filters_only_by_labels_the_instruments_carry(dashboard: dict[str, Any]) -> None:
    by_series = {n: set(spec.attributes) for spec in INSTRUMENTS for n in prometheus_names(spec)}
    for expr in expressions(dashboard):
        metrics_used = set(re.findall(r"\brenoflow_[a-z0-9_]+", expr))
        allowed = set.intersection(*(by_series[m] for m in metrics_used)) | ADDED_LABELS
        grouped = {label.strip() for clause in re.findall(r"\bby\s*\(([^)]*)\)", expr)
                   for label in clause.split(",") if label.strip()}
        assert grouped <= allowed, f"{expr!r} groups by labels {grouped - allowed}"
        for metric, selector in re.findall(r"\b(renoflow_[a-z0-9_]+)\{([^}]*)\}", expr):
            matched = set(re.findall(r"([a-z_]+)\s*(?:=~|!~|!=|=)", selector))
            assert matched <= by_series[metric] | ADDED_LABELS, f"{expr!r}: {metric} has no {matched}"


def test_every_instrument_is_on_the_dashboard(dashboard: dict[str, Any]) -> None:
    text = " ".join(expressions(dashboard))
    for spec in INSTRUMENTS:
        assert any(n in text for n in prometheus_names(spec)), f"{spec.name} is on no panel"


def test_dashboard_reads_the_provisioned_datasource(dashboard: dict[str, Any]) -> None:
    source = yaml.safe_load((DEPLOY / "grafana" / "provisioning" / "datasources" / "prometheus.yaml")
                            .read_text(encoding="utf-8"))["datasources"][0]
    assert source["type"] == "prometheus" and source["url"] == "http://prometheus:9090"
    uids = {t["datasource"]["uid"] for p in dashboard["panels"] for t in p.get("targets", [])}
    assert uids == {source["uid"]}
    provider = yaml.safe_load((DEPLOY / "grafana" / "provisioning" / "dashboards" / "renoflow.yaml")
                              .read_text(encoding="utf-8"))["providers"][0]
    assert provider["options"]["path"] == "/var/lib/grafana/dashboards"


def test_collector_serves_metrics_that_prometheus_scrapes() -> None:
    collector = yaml.safe_load((DEPLOY / "otel" / "collector.yaml").read_text(encoding="utf-8"))
    pipeline = collector["service"]["pipelines"]["metrics"]
    assert pipeline["receivers"] == ["otlp"] and pipeline["exporters"] == ["prometheus"]
    port = collector["exporters"]["prometheus"]["endpoint"].rsplit(":", 1)[1]
    scrape = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text(encoding="utf-8"))
    targets = [t for job in scrape["scrape_configs"] for s in job["static_configs"] for t in s["targets"]]
    assert targets == [f"otel-collector:{port}"]


def test_compose_runs_prometheus_and_grafana_with_this_configuration() -> None:
    compose = yaml.safe_load((DEPLOY.parent / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert list(services)[-2:] == ["prometheus", "grafana"]
    mounts = {v.split(":")[0] for name in ("prometheus", "grafana") for v in services[name]["volumes"]}
    assert {"./deploy/prometheus/prometheus.yml", "./deploy/grafana/provisioning",
            "./deploy/grafana/dashboards"} <= mounts
    assert services["grafana"]["depends_on"]["prometheus"]["condition"] == "service_healthy"
