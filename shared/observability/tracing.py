"""OpenTelemetry set-up and W3C trace context carried through every call and event (rule P04)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor
from opentelemetry.trace import SpanKind

_provider: TracerProvider | None = None


def setup_tracing(service_name: str, *, extra_processor: SpanProcessor | None = None) -> TracerProvider:
    """Install the process's tracer provider once; OTLP export when the endpoint is configured."""
    global _provider
    if _provider is None:
        _provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
        trace_file = os.environ.get("RENOFLOW_TRACE_FILE")
        if trace_file:
            # One JSON span per line, flushed as each span ends: lets a test read the spans of
            # several processes (distributed mode) without a collector.
            out = open(trace_file, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 - lives with the process
            _provider.add_span_processor(SimpleSpanProcessor(
                ConsoleSpanExporter(out=out, formatter=lambda span: span.to_json(indent=None) + "\n")))
        if os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            _provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        trace.set_tracer_provider(_provider)
    if extra_processor is not None:
        _provider.add_span_processor(extra_processor)
    return _provider


def tracer() -> trace.Tracer:
    """The platform's tracer."""
    return trace.get_tracer("renoflow")


def current_trace_carrier() -> dict[str, str]:
    """The active trace context as W3C headers (``traceparent``), to put on a call or event."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier


@contextmanager
def continued_span(name: str, carrier: dict[str, str] | None, *, kind: SpanKind, **attributes: Any) -> Iterator[None]:
    """Run a block in a span whose parent is the trace context received in ``carrier``."""
    parent = propagate.extract(carrier or {})
    token = otel_context.attach(parent)
    try:
        with tracer().start_as_current_span(name, kind=kind, attributes=attributes):
            yield
    finally:
        otel_context.detach(token)
