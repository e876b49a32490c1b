"""Structured logs: one JSON object a line, carrying the trace, span and tenant ids."""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from typing import Any

from opentelemetry import trace

#: The tenant the current call or event works for (set where a call or event is entered).
current_tenant: ContextVar[str | None] = ContextVar("renoflow_tenant", default=None)


class ContextFilter(logging.Filter):
    """Adds ``trace_id``, ``span_id`` and ``tenant_id`` to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        ctx = trace.get_current_span().get_span_context()
        record.trace_id = f"{ctx.trace_id:032x}" if ctx.is_valid else None
        record.span_id = f"{ctx.span_id:016x}" if ctx.is_valid else None
        record.tenant_id = current_tenant.get()
        return True


class JsonFormatter(logging.Formatter):
    """A JSON line per record, with the ids of :class:`ContextFilter`."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname,
            "logger": record.name, "message": record.getMessage(),
            "trace_id": getattr(record, "trace_id", None), "span_id": getattr(record, "span_id", None),
            "tenant_id": getattr(record, "tenant_id", None),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def logging_config(level: str = "INFO") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for RenoFlow processes (nameko reads the same shape)."""
    return {
        "version": 1, "disable_existing_loggers": False,
        "filters": {"context": {"()": "shared.logs.ContextFilter"}},
        "formatters": {"json": {"()": "shared.logs.JsonFormatter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["context"]}},
        "root": {"level": level, "handlers": ["console"]},
    }


def configure_logging(level: str = "INFO") -> None:
    """Send this process's logs through the JSON formatter."""
    import logging.config

    logging.config.dictConfig(logging_config(level))
