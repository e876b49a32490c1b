"""A tenant's enrolment in a timer's sweep (decision 0016) is written until it has committed once.

Every unit of work that writes something a timer sweeps enrols its tenant; after the first
enrolment committed, the process knows it and issues no statement for it again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import MetaData, Table, event, select

from shared.persistence import sweeps
from shared.persistence.db import ServiceDatabase
from shared.persistence.sweeps import add_sweep_tenants, enroll_tenant, forget_enrolments


def _database(tmp_path: Path, name: str) -> tuple[ServiceDatabase, Table]:
    metadata = MetaData()
    table = add_sweep_tenants(metadata)
    db = ServiceDatabase("finance", f"sqlite:///{tmp_path / name}")
    metadata.create_all(db.engine)
    return db, table


def _inserts(db: ServiceDatabase) -> list[str]:
    seen: list[str] = []

    @event.listens_for(db.engine, "before_cursor_execute")
    def count(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("INSERT INTO SWEEP_TENANTS"):
            seen.append(statement)

    return seen


def _enrol(db: ServiceDatabase, table: Table, tenant_id: str) -> None:
    with db.open_session(tenant_id) as session:
        enroll_tenant(session, table, tenant_id)
        session.commit()


def _enrolled(db: ServiceDatabase, table: Table) -> list[str]:
    with db.sessions() as session:
        return list(session.execute(select(table.c.tenant_id).order_by(table.c.tenant_id)).scalars())


def test_an_enrolment_once_committed_needs_no_statement_again(tmp_path: Path) -> None:
    db, table = _database(tmp_path, "a.db")
    inserts = _inserts(db)
    for _ in range(3):
        _enrol(db, table, "demo")
    assert len(inserts) == 1
    _enrol(db, table, "other")
    assert len(inserts) == 2
    assert _enrolled(db, table) == ["demo", "other"]


def test_a_rolled_back_enrolment_is_written_again(tmp_path: Path) -> None:
    db, table = _database(tmp_path, "b.db")
    inserts = _inserts(db)
    with db.open_session("demo") as session:
        enroll_tenant(session, table, "demo")
        session.rollback()
    _enrol(db, table, "demo")
    assert len(inserts) == 2
    assert _enrolled(db, table) == ["demo"]


def test_another_database_of_the_same_service_gets_its_own_row(tmp_path: Path) -> None:
    # The table object is the service's, shared by every database of it in the process.
    first, table = _database(tmp_path, "c.db")
    _enrol(first, table, "demo")
    second = ServiceDatabase("finance", f"sqlite:///{tmp_path / 'd.db'}")
    table.metadata.create_all(second.engine)
    _enrol(second, table, "demo")
    assert _enrolled(second, table) == ["demo"]


def test_a_remembered_enrolment_is_checked_again_after_a_while(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Another replica may have deleted the tenant's data (its sweep row with it) meanwhile.
    now = [1000.0]
    monkeypatch.setattr(sweeps, "_clock", lambda: now[0])
    db, table = _database(tmp_path, "e.db")
    inserts = _inserts(db)
    for moment in (1000.0, 1000.0 + sweeps.REMEMBER_SECONDS - 1, 1000.0 + sweeps.REMEMBER_SECONDS + 1):
        now[0] = moment
        _enrol(db, table, "demo")
    assert len(inserts) == 2


def test_deleting_a_tenants_data_forgets_its_enrolment_here(tmp_path: Path) -> None:
    db, table = _database(tmp_path, "f.db")
    inserts = _inserts(db)
    _enrol(db, table, "demo")
    with db.sessions() as session:
        session.execute(table.delete())
        session.commit()
    forget_enrolments("demo")
    _enrol(db, table, "demo")
    assert len(inserts) == 2
    assert _enrolled(db, table) == ["demo"]
