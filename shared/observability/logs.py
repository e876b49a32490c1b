"""Structured logs carrying the trace, span and tenant ids: JSON lines, or readable lines on a terminal.

One format per output: every logger of the process (uvicorn's included) goes through the one root
handler, so a log file or collector never gets two formats mixed.
"""

from __future__ import annotations

import json
import logging
import sys
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


class ReadableFormatter(logging.Formatter):
    """One human-readable line per record, for a terminal; the ids follow in brackets when set."""

    def format(self, record: logging.LogRecord) -> str:
        ids = " ".join(f"{k}={v}" for k in ("tenant_id", "trace_id") if (v := getattr(record, k, None)))
        line = f"{self.formatTime(record, '%H:%M:%S')} {record.levelname:<7} {record.name}: {record.getMessage()}"
        if ids:
            line += f"  [{ids}]"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def formatter_for(log_format: str = "auto") -> logging.Formatter:
    """The formatter of ``log_format`` (``auto``/``json``/``text``), for a ``dictConfig`` ``()`` factory.

    deploy/nameko.yaml names it, so a nameko service started by ``nameko run`` logs in the
    format ``RENOFLOW_LOG_FORMAT`` asks for, with the same fields as every other process.
    """
    return ReadableFormatter() if resolve_format(log_format) == "text" else JsonFormatter()


#: Loggers that bring their own handlers; they are told to use the root handler instead.
_FOREIGN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "alembic")
#: Libraries that narrate their work at INFO: WeasyPrint logs six steps per rendered PDF, which
#: would bury the platform's own lines (its warnings and errors still come through).
_CHATTY_LOGGERS = ("weasyprint", "weasyprint.progress", "fontTools")


def resolve_format(log_format: str = "auto", stream: Any = None) -> str:
    """``json`` or ``text``: ``auto`` means readable lines on a terminal and JSON lines otherwise."""
    if log_format in ("json", "text"):
        return log_format
    stream = stream if stream is not None else sys.stderr
    return "text" if getattr(stream, "isatty", lambda: False)() else "json"


def logging_config(level: str = "INFO", log_format: str = "json") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for RenoFlow processes (nameko reads the same shape)."""
    formatter = "text" if resolve_format(log_format) == "text" else "json"
    return {
        "version": 1, "disable_existing_loggers": False,
        "filters": {"context": {"()": "shared.observability.logs.ContextFilter"}},
        "formatters": {"json": {"()": "shared.observability.logs.JsonFormatter"},
                       "text": {"()": "shared.observability.logs.ReadableFormatter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": formatter, "filters": ["context"]}},
        "loggers": {**{name: {"handlers": [], "propagate": True} for name in _FOREIGN_LOGGERS},
                    **{name: {"level": "WARNING"} for name in _CHATTY_LOGGERS}},
        "root": {"level": level, "handlers": ["console"]},
    }


def configure_logging(level: str = "INFO", log_format: str = "auto") -> None:
    """Send every log of this process through one handler, in one format (see :func:`resolve_format`)."""
    import logging.config

    logging.config.dictConfig(logging_config(level, log_format))
