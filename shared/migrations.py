"""Alembic migrations, one history per service, applied on start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config


def alembic_config(script_location: Path, url: str) -> Config:
    """An alembic configuration for one service's migrations folder and database."""
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(script_location: Path, url: str) -> None:
    """Bring a service's database to the newest revision."""
    command.upgrade(alembic_config(script_location, url), "head")


def run_env(target_metadata: Any) -> None:
    """Body of each service's ``migrations/env.py`` (online mode only)."""
    from alembic import context
    from sqlalchemy import engine_from_config, pool

    config = context.config
    connectable = engine_from_config(
        config.get_section(config.config_ini_section) or {}, prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
