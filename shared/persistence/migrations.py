"""Alembic migrations, one history per service, applied on start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection


def alembic_config(script_location: Path, url: str) -> Config:
    """An alembic configuration for one service's migrations folder and database."""
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(script_location: Path, url: str) -> None:
    """Bring a service's database to the newest revision."""
    command.upgrade(alembic_config(script_location, url), "head")


def upgrade_on(script_location: Path, connection: Connection) -> None:
    """Bring a service's database to the newest revision on an open connection.

    Used by PostgreSQL provisioning, which switches the connection to the owner role first so
    that the tables (and alembic's own) are owned by that role, not by the administrator.
    """
    cfg = alembic_config(script_location, connection.engine.url.render_as_string(hide_password=False))
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, "head")


def run_env(target_metadata: Any) -> None:
    """Body of each service's ``migrations/env.py`` (online mode only)."""
    from alembic import context
    from sqlalchemy import engine_from_config, pool

    config = context.config
    given: Connection | None = config.attributes.get("connection")
    if given is not None:
        _run(context, given, target_metadata)
        return
    connectable = engine_from_config(
        config.get_section(config.config_ini_section) or {}, prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with connectable.connect() as connection:
        _run(context, connection, target_metadata)


def _run(context: Any, connection: Connection, target_metadata: Any) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
