"""Databases: one per service, SQLite in embedded mode and PostgreSQL in distributed mode."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import sqlalchemy
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from shared.persistence.files import private_sqlite_file

#: True while an operation that only reads runs (:func:`reads_only`): SQLite then begins deferred.
_reads_only: ContextVar[bool] = ContextVar("renoflow_reads_only", default=False)

#: Statements a reads_only transaction may run on SQLite.
_READING = ("SELECT", "WITH", "BEGIN", "COMMIT", "ROLLBA", "PRAGMA")


class ReadOnlyViolation(RuntimeError):
    """A write was attempted inside :func:`reads_only` (mark the operation ``writes=True``)."""


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
    # skip_dep_check: the instrumentation still declares "sqlalchemy < 2.1" and would silently
    # instrument nothing under 2.1 (decision 0042); it only listens to engine events, which 2.1
    # keeps, and tests/e2e/test_tracing.py (P04) fails if statements stop producing spans.
    global _engines_made
    cooperative_psycopg_waits()
    instrumentor = SQLAlchemyInstrumentor()
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument(skip_dep_check=True)
    _engines_made += 1
    return _create(url)


@contextmanager
def reads_only() -> Iterator[None]:
    """Transactions begun inside the block only read: on SQLite they begin deferred.

    ``BEGIN IMMEDIATE`` takes SQLite's one write lock, so every read would queue behind every
    signing and behind the other reads; a deferred read in WAL mode reads its snapshot beside the
    writer. Only for operations that never write (a GET that produces and keeps a statement says
    so, :class:`shared.messaging.operations.Operation`'s ``writes``): a deferred transaction that
    writes after another writer's commit fails with ``SQLITE_BUSY`` instead of waiting.
    PostgreSQL is unaffected.
    """
    token = _reads_only.set(True)
    try:
        yield
    finally:
        _reads_only.reset(token)


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
        # A pool as large as the gateway's worker threads: past the default five, every concurrent
        # request opened (and closed) an overflow connection with its pragmas.
        pool: dict[str, Any] = {"poolclass": StaticPool} if in_memory else {"pool_size": 40, "max_overflow": 20}
        engine = sqlalchemy.create_engine(
            url,
            connect_args={"check_same_thread": False, "isolation_level": None, "timeout": 30},
            **pool,
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
        # Operations that only read begin deferred (reads_only), beside the writer.
        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN" if _reads_only.get() else "BEGIN IMMEDIATE")

        # A write inside reads_only would work until two writers met (then SQLITE_BUSY): refused
        # every time instead, so an operation that writes but is not marked so fails its tests.
        @event.listens_for(engine, "before_cursor_execute")
        def _refuse_writes_when_reading(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if _reads_only.get() and not statement.lstrip()[:6].upper().startswith(_READING):
                raise ReadOnlyViolation(f"a write inside an operation marked as only reading: {statement[:80]}")

        return engine
    return sqlalchemy.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


#: The key of a session's tenant in ``Session.info``.
TENANT = "renoflow_tenant_id"


def _bind_tenant(session: Session, _tx: Any, connection: Any) -> None:
    tenant_id = session.info.get(TENANT)
    if tenant_id is not None:
        # set_config(..., true) is SET LOCAL: it ends with the transaction, so a pooled
        # connection never carries one tenant's setting into another's request; doing it
        # on every begin covers the transactions a session opens after a commit.
        connection.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": tenant_id})


def _stamp_tenant(session: Session, _context: object, _instances: object) -> None:
    # Parts of an aggregate (a project's steps) are saved through their root; each row still
    # carries the tenant (P01), stamped here rather than by every use case.
    tenant_id = session.info.get(TENANT)
    if tenant_id is None:
        return
    for obj in session.new:
        if hasattr(obj, "tenant_id") and getattr(obj, "tenant_id", None) is None:
            obj.tenant_id = tenant_id


class ServiceDatabase:
    """A service's database: engine, session factory and the post-commit listeners."""

    def __init__(self, service: str, url: str) -> None:
        self.service = service
        self.url = url
        self.engine = make_engine(url)
        self.sessions: sessionmaker[Session] = sessionmaker(self.engine, expire_on_commit=False)
        self._after_commit: list[Callable[[], object]] = []
        # Listeners on the session factory, once, rather than on every session: listening on a
        # session instance cost about a tenth of a millisecond per unit of work. Sessions of
        # open_session carry their tenant in ``info``; the relay's plain sessions carry none.
        if self.is_postgres:
            event.listen(self.sessions, "after_begin", _bind_tenant)
        event.listen(self.sessions, "before_flush", _stamp_tenant)

    @property
    def is_postgres(self) -> bool:
        """True on PostgreSQL, where row-level security also scopes every query."""
        return self.engine.dialect.name == "postgresql"

    def open_session(self, tenant_id: str | None) -> Session:
        """A session whose every transaction is bound to ``tenant_id`` (``SET LOCAL`` on PostgreSQL)."""
        session = self.sessions()
        if tenant_id is not None:
            session.info[TENANT] = tenant_id
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

