"""Issue 6, item 2 in the platform kit: stored answers are keyed by caller, and authorized first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from services.finance.adapters.orm import PLATFORM, metadata
from services.finance.bootstrap import MIGRATIONS
from shared.errors import NotFound
from shared.identity.context import Principal
from shared.persistence.db import ServiceDatabase
from shared.persistence.migrations import alembic_config
from shared.persistence.uow import UnitOfWork, run_idempotent


def user(user_id: str) -> Principal:
    return Principal(tenant_id="demo", user_id=user_id, username=user_id, roles=frozenset({"finance"}),
                     stores=frozenset({"A"}))


@pytest.fixture
def db() -> Any:
    database = ServiceDatabase("finance", "sqlite://")
    metadata.create_all(database.engine)
    yield database
    database.dispose()


def test_H6_a_key_is_the_callers_own(db: ServiceDatabase) -> None:
    runs: list[str] = []

    def work(who: str) -> Any:
        return lambda _uow: runs.append(who) or {"by": who}

    factory = lambda: UnitOfWork(db, PLATFORM, "demo")  # noqa: E731
    first = run_idempotent(factory, "op", "k", work("ann"), caller=user("ann"), authorize=None, request={"a": 1})
    other = run_idempotent(factory, "op", "k", work("bob"), caller=user("bob"), authorize=None, request={"a": 2})
    replay = run_idempotent(factory, "op", "k", work("ann"), caller=user("ann"), authorize=None, request={"a": 1})
    assert (first, other, replay) == ({"by": "ann"}, {"by": "bob"}, {"by": "ann"})
    assert runs == ["ann", "bob"]


def test_H6_authorization_runs_before_a_stored_answer_is_returned(db: ServiceDatabase) -> None:
    factory = lambda: UnitOfWork(db, PLATFORM, "demo")  # noqa: E731
    allowed = True

    def authorize(_uow: UnitOfWork) -> None:
        if not allowed:
            raise NotFound("record not found")

    run_idempotent(factory, "op", "k", lambda _u: {"secret": "yes"}, caller=user("ann"), authorize=authorize)
    allowed = False
    with pytest.raises(NotFound):
        run_idempotent(factory, "op", "k", lambda _u: {"secret": "yes"}, caller=user("ann"), authorize=authorize)


def test_H6_migration_adds_the_caller_and_orphans_old_answers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'finance.db'}"
    cfg = alembic_config(MIGRATIONS, url)
    command.upgrade(cfg, "fina0002rls")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO idempotency_keys (tenant_id, operation, key, response, created_at) "
                          "VALUES ('demo', 'record_payment', 'k', '{\"response\": {}}', '2026-01-01 00:00:00')"))
    command.upgrade(cfg, "head")
    columns = inspect(engine).get_pk_constraint("idempotency_keys")["constrained_columns"]
    assert columns == ["tenant_id", "caller", "operation", "key"]
    with engine.begin() as conn:
        assert conn.execute(text("SELECT caller FROM idempotency_keys")).scalars().all() == [""]
    command.downgrade(cfg, "fina0002rls")
    assert inspect(engine).get_pk_constraint("idempotency_keys")["constrained_columns"] == [
        "tenant_id", "operation", "key"]
    engine.dispose()
