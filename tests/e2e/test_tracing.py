"""Rule P04: one trace shows the gateway, the service call and the event handlers it caused."""

from __future__ import annotations

import time

from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from shared.tracing import setup_tracing

from .conftest import Journey, Live


def test_P04_one_trace_from_gateway_through_contracts_to_finance_and_construction(live: Live) -> None:
    exporter = InMemorySpanExporter()
    setup_tracing("renoflow", extra_processor=SimpleSpanProcessor(exporter))
    journey = Journey(live)
    contract = journey.draft_contract()
    exporter.clear()

    assert journey.sign(contract["id"]).status_code == 200
    # The server span ends just after the response is sent, so give it a moment.
    deadline = time.monotonic() + 5
    while True:
        spans = exporter.get_finished_spans()
        rpc = next(s for s in spans if s.name == "contracts.sign_contract")
        trace_spans = [s for s in spans if s.context.trace_id == rpc.context.trace_id]
        http = [s for s in trace_spans if s.kind == SpanKind.SERVER and s.name.startswith("POST")]
        if http or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    consumers = {s.name.split(".")[0] for s in trace_spans if s.kind == SpanKind.CONSUMER}
    assert http, [s.name for s in trace_spans]
    assert {"finance", "construction"} <= consumers, [s.name for s in trace_spans]
    assert rpc.parent is not None
