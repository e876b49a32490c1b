"""Structured logs carry the trace, span and tenant ids (architecture.md, Observability)."""

from __future__ import annotations

import json
import logging

from opentelemetry.sdk.trace import TracerProvider

from shared.logs import ContextFilter, JsonFormatter, current_tenant


def test_P04_log_lines_carry_trace_span_and_tenant() -> None:
    tracer = TracerProvider().get_tracer("test")
    record = logging.LogRecord("renoflow.test", logging.INFO, __file__, 1, "签约 %s", ("A25112201",), None)
    token = current_tenant.set("demo")
    try:
        with tracer.start_as_current_span("work") as span:
            ContextFilter().filter(record)
            line = json.loads(JsonFormatter().format(record))
    finally:
        current_tenant.reset(token)
    assert line["message"] == "签约 A25112201" and line["tenant_id"] == "demo"
    assert line["trace_id"] == f"{span.get_span_context().trace_id:032x}"
    assert line["span_id"] == f"{span.get_span_context().span_id:016x}"


def test_log_lines_outside_a_call_have_no_ids() -> None:
    record = logging.LogRecord("renoflow.test", logging.WARNING, __file__, 1, "idle", (), None)
    ContextFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["trace_id"] is None and line["tenant_id"] is None and line["level"] == "WARNING"
