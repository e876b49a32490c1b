"""The local servers the integration and distributed tests use, and throw-away names on them.

Absent servers skip with the reason printed (``-rs``); with ``RENOFLOW_REQUIRE_SERVICES=1`` (CI)
absence is a failure instead.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest
from kombu import Connection
from psycopg import sql

from shared.persistence.postgres import database_name
from shared.settings import Settings

PG_HOST, PG_PORT = "127.0.0.1", 5432
SERVER_URL = f"postgresql://postgres@{PG_HOST}:{PG_PORT}/"
AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/"


def require(reason: str) -> None:
    """Skip with ``reason``, or fail with it when CI says the servers must be there."""
    if os.environ.get("RENOFLOW_REQUIRE_SERVICES") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def admin_connect(dbname: str = "postgres") -> psycopg.Connection[tuple[Any, ...]]:
    """An autocommit connection as the superuser (for checks the app roles may not make)."""
    return psycopg.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname=dbname, autocommit=True,
                           connect_timeout=3)


def require_postgres() -> None:
    """The local PostgreSQL answers, or the test skips (fails under CI)."""
    try:
        with admin_connect() as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        require(f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT}: {' '.join(str(exc).split())}")


def require_rabbitmq() -> None:
    """The local RabbitMQ answers, or the test skips (fails under CI)."""
    try:
        with Connection(AMQP_URL, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:  # kombu raises several socket and AMQP error types
        require(f"RabbitMQ not reachable at 127.0.0.1:5672: {exc}")


def throwaway_settings(**overrides: Any) -> Settings:
    """Settings naming databases and roles no one else uses (``rftest_<random>_…``)."""
    prefix = f"rftest_{secrets.token_hex(4)}_"
    values: dict[str, Any] = dict(
        mode="distributed", database_url=SERVER_URL, database_name_prefix=prefix,
        database_owner_role=f"{prefix}owner", database_role_prefix=prefix,
        database_app_role=None, database_relay_role=None, database_passwords={},
        database_owner_password="", database_app_password="", database_relay_password="",
    )
    values.update(overrides)
    return Settings(**values)


def drop_throwaway(settings: Settings, databases: Iterable[str]) -> None:
    """Drop the databases and roles of :func:`throwaway_settings`."""
    databases = list(databases)
    with admin_connect() as conn:
        for service in databases:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(database_name(settings, service))))
        roles = [role for service in databases for role in (settings.app_role(service), settings.relay_role(service))]
        for role in dict.fromkeys([*roles, settings.database_owner_role]):
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


@contextmanager
def throwaway_vhost() -> Iterator[str]:
    """An AMQP URL on a fresh virtual host, so queues of other runs never mix with this one's.

    Needs ``rabbitmqctl`` rights on a local broker; without them the default virtual host is used.
    """
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        yield AMQP_URL
        return
    vhost = f"rftest-{secrets.token_hex(4)}"
    try:
        subprocess.run([ctl, "add_vhost", vhost], check=True, capture_output=True, timeout=60)
        subprocess.run([ctl, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"], check=True,
                       capture_output=True, timeout=60)
    except (subprocess.SubprocessError, OSError):  # e.g. not allowed to administer the broker
        yield AMQP_URL
        return
    try:
        yield f"{AMQP_URL}{vhost}"
    finally:
        subprocess.run([ctl, "delete_vhost", vhost], check=False, capture_output=True, timeout=60)
