"""Databases: one per service, SQLite in embedded mode and PostgreSQL in distributed mode."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from shared.persistence.files import private_sqlite_file

#: Engines this process made (each holds its own pool): ``health`` reports it.
_engines_made = 0


def engines_made() -> int:
    """How many engines :func:`make_engine` created in this process so far."""
    return _engines_made


def make_engine(url: str) -> Engine:
    """Create an engine with the settings each backend needs for correct concurrent writes.

    Every engine is traced (a span per statement, inside the request's or event's trace). A SQLite
    file is created (or tightened to) 0600 first, its journal files with it.
    """
    # The instrumentor is a process-wide singleton: instrument(engine=…) works for the first
    # engine only. Instrumented globally it wraps sqlalchemy.create_engine, which must then be
    # looked up at call time (a name imported earlier would bypass the wrapper).
    global _engines_made
    cooperative_psycopg_waits()
    instrumentor = SQLAlchemyInstrumentor()
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument()
    _engines_made += 1
    return _create(url)


def cooperative_psycopg_waits() -> bool:
    """With ``database_cooperative_waits`` under eventlet (``nameko run`` monkey-patches), make
    psycopg wait for the server greenly.

    psycopg picks its C wait function unless it sees *gevent* patching; under eventlet that
    function blocks in ``poll()`` outside the hub, so each query's round trip stalls every
    greenlet of the service process: ten workers query one at a time, and the relay and the
    consumers wait behind them. ``wait_select`` waits through ``select.select``, which eventlet
    made green. Off by default: on a 2-core machine it made signings slower (decision 0018,
    docs/performance.md). Returns True if psycopg now waits cooperatively.
    """
    from shared.settings import get_settings

    if not get_settings().database_cooperative_waits:
        return False
    try:
        from eventlet import patcher
    except ImportError:  # pragma: no cover - eventlet comes with nameko
        return False
    if not patcher.is_monkey_patched("select"):
        return False
    import psycopg.waiting

    if psycopg.waiting.wait is not psycopg.waiting.wait_select:
        psycopg.waiting.wait = psycopg.waiting.wait_select
    return True


def _create(url: str) -> Engine:
    if url.startswith("sqlite"):
        in_memory = url in ("sqlite://", "sqlite:///:memory:")
        database = sqlalchemy.engine.make_url(url).database
        if not in_memory and database and not database.startswith("file:"):
            # Created 0600 before SQLite opens it, so the database and its WAL never exist readable
            # by other local users (they hold password hashes and every tenant's records).
            private_sqlite_file(Path(database))
        engine = sqlalchemy.create_engine(
            url,
            connect_args={"check_same_thread": False, "isolation_level": None, "timeout": 30},
            poolclass=StaticPool if in_memory else None,
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            if not in_memory:
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        # pysqlite's own BEGIN is deferred, so two writers can both read then deadlock on the
        # upgrade to a write lock; BEGIN IMMEDIATE serialises writers up front (contract numbers).
        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return sqlalchemy.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


class ServiceDatabase:
    """A service's database: engine, session factory and the post-commit listeners."""

    def __init__(self, service: str, url: str) -> None:
        self.service = service
        self.url = url
        self.engine = make_engine(url)
        self.sessions: sessionmaker[Session] = sessionmaker(self.engine, expire_on_commit=False)
        self._after_commit: list[Callable[[], object]] = []

    @property
    def is_postgres(self) -> bool:
        """True on PostgreSQL, where row-level security also scopes every query."""
        return self.engine.dialect.name == "postgresql"

    def open_session(self, tenant_id: str | None) -> Session:
        """A session whose every transaction is bound to ``tenant_id`` (``SET LOCAL`` on PostgreSQL)."""
        session = self.sessions()
        if self.is_postgres and tenant_id is not None:

            @event.listens_for(session, "after_begin")
            def _bind_tenant(_session: Session, _tx: Any, connection: Any) -> None:
                # set_config(..., true) is SET LOCAL: it ends with the transaction, so a pooled
                # connection never carries one tenant's setting into another's request; doing it
                # on every begin covers the transactions a session opens after a commit.
                connection.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": tenant_id})

        return session

    def on_commit(self, listener: Callable[[], object]) -> None:
        """Call ``listener`` after each unit of work of this service that wrote events commits (outbox relay)."""
        self._after_commit.append(listener)

    def committed(self) -> None:
        """Tell the listeners that a unit of work committed events to the outbox."""
        for listener in list(self._after_commit):
            listener()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

