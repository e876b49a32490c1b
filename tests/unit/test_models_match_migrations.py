"""Each service's mapped tables are exactly what its migrations build (no drift between the two)."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, create_engine

from renoflow.services import MIGRATIONS, SERVICE_CLASSES
from shared.persistence.migrations import upgrade
from shared.settings import Settings


def _metadata(service_cls: type, tmp_path: Path) -> MetaData:
    resources = service_cls.build_resources(Settings(data_dir=tmp_path))  # type: ignore[attr-defined]
    try:
        return resources.tables.outbox.metadata
    finally:
        resources.db.dispose()


@pytest.mark.parametrize("service_cls", SERVICE_CLASSES, ids=lambda c: c.name)
def test_mapped_tables_match_the_migrations(service_cls: type, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'scratch.db'}"
    upgrade(MIGRATIONS[service_cls.name], url)  # type: ignore[attr-defined]
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), _metadata(service_cls, tmp_path))
    finally:
        engine.dispose()
    # SQLite cannot tell some type details apart; tables, columns, nullability and indexes it can.
    relevant = [d for d in diff if not (isinstance(d, list) and d and d[0][0] == "modify_type")]
    assert relevant == [], relevant
