"""Host one service class in-process on its real composition root (migrated SQLite in a temp dir)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from shared.messaging.inprocess import InProcessServices
from shared.persistence.migrations import upgrade
from shared.settings import Settings


@contextmanager
def hosted(service_cls: type, data_dir: Path) -> Iterator[InProcessServices]:
    """The service as embedded mode runs it: ``build_resources``, migrations, in-process calls."""
    resources = service_cls.build_resources(Settings(data_dir=data_dir))  # type: ignore[attr-defined]
    upgrade(resources.migrations, resources.db.url)
    services = InProcessServices()
    services.register(service_cls, resources)
    try:
        yield services
    finally:
        resources.db.dispose()
