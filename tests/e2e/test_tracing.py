"""Rule P04: one trace shows the gateway, the service call and the event handlers it caused."""

from __future__ import annotations

import time

from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from shared.observability.tracing import setup_tracing
from tests.platforms import Journey, Live


def test_P04_one_trace_from_gateway_through_contracts_to_finance_and_construction(live: Live) -> None:
    exporter = InMemorySpanExporter()
    setup_tracing("renoflow", extra_processor=SimpleSpanProcessor(exporter))
    journey = Journey(live)
    contract = journey.draft_contract()
    exporter.clear()

    assert journey.sign(contract["id"]).status_code == 200
    # The server span ends just after the response is sent, so give it a moment.
    # Service processes (distributed mode) write theirs to a file, as they finish.
    deadline = time.monotonic() + 15
    while True:
        spans = [{"name": s.name, "kind": s.kind.name, "trace_id": s.context.trace_id}
                 for s in exporter.get_finished_spans()] + live.service_spans()
        rpc = [s for s in spans if s["name"] == "contracts.sign_contract" and s["kind"] == "SERVER"]
        trace_id = rpc[-1]["trace_id"] if rpc else None
        in_trace = [s for s in spans if s["trace_id"] == trace_id]
        http = [s for s in in_trace if s["kind"] == "SERVER" and s["name"].startswith("POST")]
        consumers = {s["name"].split(".")[0] for s in in_trace if s["kind"] == "CONSUMER"}
        if (http and {"finance", "construction"} <= consumers) or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert rpc, [s["name"] for s in spans]
    assert http, [s["name"] for s in in_trace]
    assert {"finance", "construction"} <= consumers, [s["name"] for s in in_trace]
    sql = [s for s in in_trace if s["kind"] == "CLIENT" and s["name"].split()[0] in {"SELECT", "INSERT", "UPDATE"}]
    assert sql, "the SQL statements of the call belong to the same trace"
