"""Operations that only read begin SQLite transactions without the write lock; writers still take it up front (C04)."""

from __future__ import annotations

import inspect
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from renoflow.services import SERVICE_CLASSES
from shared.persistence.db import ReadOnlyViolation, ServiceDatabase, reads_only


def _database(tmp_path: Path) -> ServiceDatabase:
    db = ServiceDatabase("test", f"sqlite:///{tmp_path / 'test.db'}")
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE counters (store TEXT PRIMARY KEY, n INTEGER)"))
        conn.execute(text("INSERT INTO counters VALUES ('A', 1)"))
    return db


def _holding_the_write_lock(tmp_path: Path) -> sqlite3.Connection:
    other = sqlite3.connect(tmp_path / "test.db", isolation_level=None, timeout=0.1)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE counters SET n = n + 1")
    return other


def test_C04_a_read_only_operation_reads_while_a_writer_holds_the_lock(tmp_path: Path) -> None:
    db = _database(tmp_path)
    writer = _holding_the_write_lock(tmp_path)
    try:
        with reads_only(), db.open_session("t1") as session:
            # The committed value: the writer's uncommitted update is not seen (WAL snapshot).
            assert session.execute(text("SELECT n FROM counters")).scalar_one() == 1
    finally:
        writer.rollback()
        writer.close()
        db.dispose()


def test_C04_outside_reads_only_a_transaction_takes_the_write_lock_at_begin(tmp_path: Path) -> None:
    db = _database(tmp_path)
    try:
        with db.open_session("t1") as session:
            session.execute(text("SELECT n FROM counters")).scalar_one()
            # Our session's BEGIN IMMEDIATE holds the lock, so another writer cannot start.
            other = sqlite3.connect(tmp_path / "test.db", isolation_level=None, timeout=0.05)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            other.close()
    finally:
        db.dispose()


@pytest.mark.parametrize("statement", [
    "UPDATE counters SET n = n + 1", "INSERT INTO counters VALUES ('B', 1)", "DELETE FROM counters",
])
def test_C04_a_write_inside_reads_only_is_refused_every_time(tmp_path: Path, statement: str) -> None:
    db = _database(tmp_path)
    try:
        with reads_only(), db.open_session("t1") as session, pytest.raises(ReadOnlyViolation):
            session.execute(text(statement))
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*), max(n) FROM counters")).one() == (1, 1)
    finally:
        db.dispose()


def test_C04_every_public_get_whose_use_case_commits_is_marked_as_writing() -> None:
    # A GET that produces and keeps something (a statement on first read) must take the write
    # lock like any write; the refusal above makes a missing mark fail its e2e tests, and this
    # names it up front.
    unmarked = []
    for cls in SERVICE_CLASSES:
        for op in getattr(cls, "operations", {}).values():
            if op.route is not None and op.route.method == "GET" and "commit(" in inspect.getsource(op.use_case):
                if op.reads_only:
                    unmarked.append(f"{cls.name}.{op.rpc_name}")
    assert unmarked == []


def test_C04_posts_and_internal_operations_never_read_only() -> None:
    ops = [op for cls in SERVICE_CLASSES for op in getattr(cls, "operations", {}).values()]
    assert any(op.reads_only for op in ops)
    assert not [op.rpc_name for op in ops if op.reads_only and (op.route is None or op.route.method != "GET")]
