"""OpenTelemetry metrics: HTTP requests per route, events through the bus, outbox lag (decision 0039).

Every instrument the platform emits is declared once, in :data:`INSTRUMENTS`, with the only
attributes it may carry; the Grafana dashboard's queries are checked against this list
(``tests/unit/test_metrics_dashboard.py``). Attributes are bounded by construction: route
templates (never raw paths), HTTP method and status class, service and event names from the
code. Tenant ids are never attributes: their number grows with the business, and per-tenant
questions are answered from the logs and traces, which carry ``tenant_id``.

:func:`setup_metrics` installs an SDK meter provider exporting over OTLP/HTTP only when an OTLP
endpoint is configured; otherwise OpenTelemetry's no-op provider stays and every recording
costs nothing. Code records through :func:`platform_metrics`, whose instruments are created
from the global provider (OpenTelemetry's proxy forwards them once a provider is installed);
tests swap in their own provider with :func:`use_meter_provider`.
"""

from __future__ import annotations

import logging
import os
import threading
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal, Protocol

from opentelemetry import metrics
from opentelemetry.metrics import CallbackOptions, MeterProvider, Observation

log = logging.getLogger(__name__)

Kind = Literal["counter", "histogram", "gauge"]


@dataclass(frozen=True)
class InstrumentSpec:
    """One instrument: its OpenTelemetry name, kind, unit and the attributes it may carry."""

    name: str
    kind: Kind
    unit: str
    description: str
    attributes: tuple[str, ...]


HTTP_ATTRIBUTES = ("route", "method", "status_class")
EVENT_ATTRIBUTES = ("service", "event_source", "event_type")

HTTP_REQUESTS = InstrumentSpec("renoflow.http.server.requests", "counter", "{request}",
                               "HTTP requests answered, per route template", HTTP_ATTRIBUTES)
HTTP_ERRORS = InstrumentSpec("renoflow.http.server.errors", "counter", "{request}",
                             "HTTP requests answered with 4xx or 5xx, per route template",
                             ("route", "method", "error_class"))
HTTP_DURATION = InstrumentSpec("renoflow.http.server.duration", "histogram", "s",
                               "Time from request to the end of the response, per route template",
                               HTTP_ATTRIBUTES)
EVENTS_PUBLISHED = InstrumentSpec("renoflow.events.published", "counter", "{event}",
                                  "Events the outbox relay delivered to the bus", EVENT_ATTRIBUTES)
EVENTS_HANDLED = InstrumentSpec("renoflow.events.handled", "counter", "{event}",
                                "Events a consumer handled and committed (inbox repeats not counted)",
                                (*EVENT_ATTRIBUTES, "handler"))
EVENTS_RETRIED = InstrumentSpec("renoflow.events.retried", "counter", "{event}",
                                "Failed deliveries or handlings that will be tried again",
                                (*EVENT_ATTRIBUTES, "stage"))
EVENTS_DEAD_LETTERED = InstrumentSpec("renoflow.events.dead_lettered", "counter", "{event}",
                                      "Events set aside for an operator after their last attempt",
                                      (*EVENT_ATTRIBUTES, "stage"))
OUTBOX_LAG = InstrumentSpec("renoflow.outbox.lag", "gauge", "s",
                            "Age of the oldest event not yet published (0 when none waits), per service",
                            ("service",))

INSTRUMENTS: tuple[InstrumentSpec, ...] = (
    HTTP_REQUESTS, HTTP_ERRORS, HTTP_DURATION, EVENTS_PUBLISHED, EVENTS_HANDLED, EVENTS_RETRIED,
    EVENTS_DEAD_LETTERED, OUTBOX_LAG,
)

#: Seconds; from a fast read (5 ms) to the gateway's RPC timeout and beyond.
DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

#: Methods kept as they are; anything else is counted as ``_OTHER`` (a client may send any token).
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def status_class(status: int) -> str:
    """``2xx``, ``4xx``, …: the status code's class."""
    return f"{status // 100}xx" if 100 <= status <= 599 else "5xx"


class OutboxWatch(Protocol):
    """What the lag gauge reads from a relay: its service and the age of its oldest pending event."""

    service: str | None

    def oldest_pending_age(self) -> dict[str, float]: ...


#: The relays of this process; the lag gauge asks each at every collection. Weak, so a relay
#: (and its database) that is dropped is no longer asked.
_watched: weakref.WeakSet[OutboxWatch] = weakref.WeakSet()
_watched_lock = threading.Lock()


def watch_outbox(relay: OutboxWatch) -> None:
    """Report ``relay``'s outbox lag from now on (called by every relay as it is made)."""
    with _watched_lock:
        _watched.add(relay)


def _observe_lag(_options: CallbackOptions) -> Iterable[Observation]:
    with _watched_lock:
        relays = list(_watched)
    ages: dict[str, float] = {}
    for relay in relays:
        try:
            found = relay.oldest_pending_age()
        except Exception:  # a closed or unreachable database: no point for it this time
            log.debug("outbox lag of %s not read", relay.service, exc_info=True)
            continue
        if relay.service is not None:
            found.setdefault(relay.service, 0.0)
        for service, age in found.items():
            ages[service] = max(ages.get(service, 0.0), age)  # replicas in one process: the worst
    return [Observation(age, {"service": service}) for service, age in sorted(ages.items())]


class PlatformMetrics:
    """The platform's instruments, made from one meter provider (the global one by default)."""

    def __init__(self, meter_provider: MeterProvider | None = None) -> None:
        meter = metrics.get_meter("renoflow", meter_provider=meter_provider)
        self._requests = meter.create_counter(HTTP_REQUESTS.name, HTTP_REQUESTS.unit, HTTP_REQUESTS.description)
        self._errors = meter.create_counter(HTTP_ERRORS.name, HTTP_ERRORS.unit, HTTP_ERRORS.description)
        self._duration = meter.create_histogram(
            HTTP_DURATION.name, HTTP_DURATION.unit, HTTP_DURATION.description,
            explicit_bucket_boundaries_advisory=DURATION_BUCKETS)
        self._published = meter.create_counter(EVENTS_PUBLISHED.name, EVENTS_PUBLISHED.unit,
                                               EVENTS_PUBLISHED.description)
        self._handled = meter.create_counter(EVENTS_HANDLED.name, EVENTS_HANDLED.unit, EVENTS_HANDLED.description)
        self._retried = meter.create_counter(EVENTS_RETRIED.name, EVENTS_RETRIED.unit, EVENTS_RETRIED.description)
        self._dead = meter.create_counter(EVENTS_DEAD_LETTERED.name, EVENTS_DEAD_LETTERED.unit,
                                          EVENTS_DEAD_LETTERED.description)
        meter.create_observable_gauge(OUTBOX_LAG.name, [_observe_lag], OUTBOX_LAG.unit, OUTBOX_LAG.description)

    def http_request(self, *, route: str, method: str, status: int, seconds: float) -> None:
        """One answered request: ``route`` is the route template (``/api/v1/contracts/{id}``)."""
        method = method.upper() if method.upper() in KNOWN_METHODS else "_OTHER"
        cls = status_class(status)
        attributes = {"route": route, "method": method, "status_class": cls}
        self._requests.add(1, attributes)
        self._duration.record(seconds, attributes)
        if status >= 400:
            self._errors.add(1, {"route": route, "method": method, "error_class": cls})

    def event_published(self, *, service: str, source: str, event_type: str) -> None:
        """The relay of ``service`` delivered one event to the bus."""
        self._published.add(1, _event(service, source, event_type))

    def event_handled(self, *, service: str, source: str, event_type: str, handler: str) -> None:
        """``service``'s ``handler`` handled one event and committed."""
        self._handled.add(1, {**_event(service, source, event_type), "handler": handler})

    def event_retried(self, *, service: str, source: str, event_type: str, stage: str) -> None:
        """A failed ``stage`` (``relay``: delivery; ``handler``: handling) will be tried again."""
        self._retried.add(1, {**_event(service, source, event_type), "stage": stage})

    def event_dead_lettered(self, *, service: str, source: str, event_type: str, stage: str) -> None:
        """An event was set aside for an operator after the last attempt of ``stage``."""
        self._dead.add(1, {**_event(service, source, event_type), "stage": stage})


def _event(service: str, source: str, event_type: str) -> dict[str, str]:
    return {"service": service, "event_source": source, "event_type": event_type}


_current: PlatformMetrics | None = None
_current_lock = threading.Lock()
_provider_installed = False


def platform_metrics() -> PlatformMetrics:
    """The process's instruments (from the global meter provider; no-op until one is set up)."""
    global _current
    if _current is None:
        with _current_lock:
            if _current is None:
                _current = PlatformMetrics()
    return _current


@contextmanager
def use_meter_provider(provider: MeterProvider) -> Iterator[PlatformMetrics]:
    """Record into ``provider`` inside the block (tests: an SDK provider with an in-memory reader)."""
    global _current
    before = _current
    _current = PlatformMetrics(provider)
    try:
        yield _current
    finally:
        _current = before


def metrics_endpoint_configured() -> bool:
    """True when OTLP export of metrics is configured (the general or the metrics endpoint)."""
    return bool(os.environ.get("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT") or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"))


def setup_metrics(service_name: str) -> bool:
    """Install the process's meter provider once, exporting over OTLP/HTTP; True if exporting.

    Without an endpoint nothing is installed: OpenTelemetry's no-op provider stays, and the
    platform's instruments record nothing.
    """
    global _provider_installed
    with _current_lock:
        if _provider_installed:
            return True
        if not metrics_endpoint_configured() or os.environ.get("OTEL_SDK_DISABLED", "").lower() == "true":
            return False
        from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
        from opentelemetry.sdk.metrics import MeterProvider as SdkMeterProvider
        from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
        from opentelemetry.sdk.resources import Resource

        # Cumulative temporality (the exporter's default): what Prometheus expects downstream.
        reader = PeriodicExportingMetricReader(OTLPMetricExporter())
        metrics.set_meter_provider(SdkMeterProvider(
            resource=Resource.create({"service.name": service_name}), metric_readers=[reader]))
        _provider_installed = True
    # The instruments now, not at the first recording: the lag gauge must be observed even in a
    # process that has not yet published or handled anything.
    platform_metrics()
    return True
