"""The gateway directory's models are exactly what its migrations build (no drift)."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from gateway.directory import MIGRATIONS, Base
from shared.persistence.migrations import upgrade


def test_directory_models_match_its_migrations(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'gateway.db'}"
    upgrade(MIGRATIONS, url)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    relevant = [d for d in diff if not (isinstance(d, list) and d and d[0][0] in ("modify_type", "modify_default"))]
    assert relevant == [], relevant
