"""Log formats: JSON lines for files and collectors, readable lines on a terminal (item 11)."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import re
from pathlib import Path
from typing import Any

import yaml
from opentelemetry.sdk.trace import TracerProvider

from shared.observability.logs import (
    ContextFilter,
    JsonFormatter,
    ReadableFormatter,
    current_tenant,
    logging_config,
    resolve_format,
)

ROOT = Path(__file__).resolve().parents[2]


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _record(message: str) -> logging.LogRecord:
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, message, (), None)
    ContextFilter().filter(record)
    return record


def test_auto_format_is_text_on_a_terminal_and_json_elsewhere() -> None:
    assert resolve_format("auto", _Tty()) == "text"
    assert resolve_format("auto", io.StringIO()) == "json"
    assert resolve_format("json", _Tty()) == "json"


def test_one_handler_serves_every_logger_including_uvicorns() -> None:
    config = logging_config("INFO", "json")
    assert config["handlers"]["console"]["formatter"] == "json"
    for name in ("uvicorn", "uvicorn.access", "uvicorn.error"):
        assert config["loggers"][name] == {"handlers": [], "propagate": True}


def test_formats_carry_the_message_and_ids() -> None:
    record = _record('127.0.0.1 - "GET /healthz HTTP/1.1" 200')
    assert json.loads(JsonFormatter().format(record))["message"].endswith("200")
    line = ReadableFormatter().format(record)
    assert "\n" not in line and "uvicorn.access" in line and line.endswith("200")


def test_weasyprints_progress_narration_stays_out_of_the_log_but_its_warnings_come_through() -> None:
    """A first start renders a hundred demo PDFs; six INFO lines each would bury the platform's own."""
    config = logging_config("INFO", "json")
    assert config["loggers"]["weasyprint.progress"]["level"] == "WARNING"
    assert "handlers" not in config["loggers"]["weasyprint.progress"]  # still the one console handler


# --- compose: nameko services and the gateway log JSON with trace and tenant ids (issue 12) ---

def _nameko_logging(monkeypatch: Any, log_format: str) -> dict[str, Any]:
    from nameko.cli.main import setup_yaml_parser

    setup_yaml_parser()
    monkeypatch.setenv("RENOFLOW_AMQP_URI", "amqp://x@y/")
    monkeypatch.setenv("RENOFLOW_LOG_FORMAT", log_format)
    config: dict[str, Any] = yaml.safe_load((ROOT / "deploy" / "nameko.yaml").read_text(encoding="utf-8"))
    return config["LOGGING"]


def _emit_in_a_span(config: dict[str, Any], tenant: str) -> str:
    """Configure logging from ``config``, log once inside a recording span for ``tenant``; the output."""
    stream = io.StringIO()
    config = {**config, "handlers": {"console": {**config["handlers"]["console"], "stream": stream}}}
    provider = TracerProvider()
    saved = logging.root.handlers[:], logging.root.level
    try:
        logging.config.dictConfig(config)
        token = current_tenant.set(tenant)
        try:
            with provider.get_tracer("test").start_as_current_span("rpc"):
                logging.getLogger("services.sales").info("lead registered")
        finally:
            current_tenant.reset(token)
    finally:
        logging.root.handlers[:], level = saved
        logging.root.setLevel(level)
    return stream.getvalue()


def test_P04_nameko_services_in_compose_log_json_lines_with_trace_and_tenant_ids(monkeypatch: Any) -> None:
    config = _nameko_logging(monkeypatch, "json")
    assert config["handlers"]["console"]["filters"] == ["context"]
    entry = json.loads(_emit_in_a_span(config, "demo").strip())
    assert entry["message"] == "lead registered" and entry["tenant_id"] == "demo"
    assert re.fullmatch(r"[0-9a-f]{32}", entry["trace_id"]) and re.fullmatch(r"[0-9a-f]{16}", entry["span_id"])
    # The same libraries are quieted as in every other RenoFlow process.
    assert {k: v["level"] for k, v in config["loggers"].items()} == {
        k: v["level"] for k, v in logging_config()["loggers"].items() if "level" in v}


def test_P04_nameko_log_format_follows_renoflow_log_format(monkeypatch: Any) -> None:
    line = _emit_in_a_span(_nameko_logging(monkeypatch, "text"), "demo")
    assert "lead registered" in line and "tenant_id=demo" in line and not line.startswith("{")


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        ContextFilter().filter(record)
        self.records.append(record)


def test_P04_the_gateways_access_line_carries_the_trace_and_the_callers_tenant(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from renoflow.embedded import build_platform
    from renoflow.identity.demo import seed_demo
    from shared.settings import Settings

    platform = build_platform(Settings(data_dir=tmp_path, environment="test"))
    lines = _Lines()
    access = logging.getLogger("gateway.access")
    access.addHandler(lines)
    access.setLevel(logging.INFO)
    try:
        seed_demo(platform.identity, platform.directory)
        client = TestClient(platform.app)
        token = client.post("/realms/renoflow/protocol/openid-connect/token", data={
            "grant_type": "password", "client_id": "renoflow-web", "username": "designer-a@other",
            "password": "demo"}).json()["access_token"]
        assert client.get("/api/v1/me?x=secret", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert client.get("/api/v1/me").status_code == 401
        assert client.get("/healthz").status_code == 200
    finally:
        access.removeHandler(lines)
        platform.close()
    me = [r for r in lines.records if " /api/v1/me " in r.getMessage()]
    assert [r.getMessage().split()[:3] for r in me] == [["GET", "/api/v1/me", "200"], ["GET", "/api/v1/me", "401"]]
    assert me[0].tenant_id == "other" and me[1].tenant_id is None  # type: ignore[attr-defined]
    assert all(re.fullmatch(r"[0-9a-f]{32}", r.trace_id) for r in me)  # type: ignore[attr-defined]
    assert all("secret" not in r.getMessage() for r in lines.records), "no query string in the log"
    assert not [r for r in lines.records if "/healthz" in r.getMessage()]
