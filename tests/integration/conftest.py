"""Integration fixtures: the local PostgreSQL server, provisioned once per test session.

Absent servers skip with the reason printed (``-rs``); with ``RENOFLOW_REQUIRE_SERVICES=1`` (CI)
absence is a failure instead. Each session uses its own database and role names
(``rftest_<random>_…``) so parallel runs and a developer's own databases are never touched, and
drops them at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from renoflow.services import MIGRATIONS, SERVICE_NAMES
from shared.persistence.postgres import provision
from shared.settings import Settings
from tests.servers import drop_throwaway, require_postgres, throwaway_settings

#: The services that have tables.
SERVICES = SERVICE_NAMES


def migrations() -> dict[str, Path]:
    """Each service's alembic folder, from its composition root."""
    return {s: MIGRATIONS[s] for s in SERVICES}


@pytest.fixture(scope="session")
def postgres_server() -> None:
    """The local PostgreSQL server is reachable, or the test skips (fails under CI)."""
    require_postgres()


@pytest.fixture(scope="session")
def pg_settings(postgres_server: None) -> Iterator[Settings]:
    """Settings for a throw-away set of databases and roles; dropped after the session."""
    settings = throwaway_settings()
    yield settings
    drop_throwaway(settings, SERVICES)


@pytest.fixture(scope="session")
def provisioned(pg_settings: Settings) -> Settings:
    """The four service databases, migrated and granted, as a service start would leave them."""
    provision(pg_settings, SERVICES, migrations())
    return pg_settings
