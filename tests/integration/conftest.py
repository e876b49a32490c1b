"""Integration fixtures: the local PostgreSQL server, provisioned once per test session.

Absent servers skip with the reason printed (``-rs``); with ``RENOFLOW_REQUIRE_SERVICES=1`` (CI)
absence is a failure instead. Each session uses its own database and role names
(``rftest_<random>_…``) so parallel runs and a developer's own databases are never touched, and
drops them at the end.
"""

from __future__ import annotations

import importlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql

from shared.postgres import database_name, provision
from shared.settings import Settings

PG_HOST, PG_PORT = "127.0.0.1", 5432
SERVER_URL = f"postgresql://postgres@{PG_HOST}:{PG_PORT}/"
#: The services that have tables (aftercare has none yet).
SERVICES = ("sales", "contracts", "construction", "finance")


def require(reason: str) -> None:
    """Skip with ``reason``, or fail with it when CI says the servers must be there."""
    if os.environ.get("RENOFLOW_REQUIRE_SERVICES") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def migrations() -> dict[str, Path]:
    """Each service's alembic folder, from its composition root."""
    return {s: importlib.import_module(f"services.{s}.bootstrap").MIGRATIONS for s in SERVICES}


def admin_connect(dbname: str = "postgres") -> psycopg.Connection[tuple[Any, ...]]:
    """An autocommit connection as the superuser (for checks the app roles may not make)."""
    return psycopg.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname=dbname, autocommit=True,
                           connect_timeout=3)


@pytest.fixture(scope="session")
def postgres_server() -> None:
    """The local PostgreSQL server is reachable, or the test skips (fails under CI)."""
    try:
        with admin_connect() as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        require(f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT}: {' '.join(str(exc).split())}")


@pytest.fixture(scope="session")
def pg_settings(postgres_server: None) -> Iterator[Settings]:
    """Settings for a throw-away set of databases and roles; dropped after the session."""
    prefix = f"rftest_{secrets.token_hex(4)}_"
    settings = Settings(
        mode="distributed", database_url=SERVER_URL, database_name_prefix=prefix,
        database_owner_role=f"{prefix}owner", database_app_role=f"{prefix}app",
        database_relay_role=f"{prefix}relay",
        database_owner_password="", database_app_password="", database_relay_password="",
    )
    yield settings
    with admin_connect() as conn:
        for service in SERVICES:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(database_name(settings, service))))
        for role in (settings.database_app_role, settings.database_relay_role, settings.database_owner_role):
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


@pytest.fixture(scope="session")
def provisioned(pg_settings: Settings) -> Settings:
    """The four service databases, migrated and granted, as a service start would leave them."""
    provision(pg_settings, SERVICES, migrations())
    return pg_settings
