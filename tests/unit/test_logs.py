"""Log formats: JSON lines for files and collectors, readable lines on a terminal (item 11)."""

from __future__ import annotations

import io
import json
import logging

from shared.observability.logs import ContextFilter, JsonFormatter, ReadableFormatter, logging_config, resolve_format


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
