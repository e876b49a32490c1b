"""Every service takes part in a tenant's export and deletion, and every table of it is covered (P01).

A new service without its ``tenant_data.py``, or a table without ``tenant_id`` (which the export
could not attribute to a tenant), fails here instead of silently missing from a PIPL export.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from renoflow.services import SERVICE_CLASSES
from shared.persistence.tenant_data import tenant_tables_of
from shared.settings import Settings


@pytest.mark.parametrize("service_cls", SERVICE_CLASSES, ids=lambda c: c.name)
def test_p01_every_service_declares_its_tenant_data_operations(service_cls: type) -> None:
    operations = service_cls.operations  # type: ignore[attr-defined]
    assert {"export_tenant_data", "delete_tenant_data"} <= set(operations)
    assert operations["export_tenant_data"].route is None and operations["delete_tenant_data"].route is None


@pytest.mark.parametrize("service_cls", SERVICE_CLASSES, ids=lambda c: c.name)
def test_p01_every_table_carries_the_tenant_so_the_export_finds_it(service_cls: type, tmp_path: Path) -> None:
    resources = service_cls.build_resources(Settings(data_dir=tmp_path))  # type: ignore[attr-defined]
    try:
        metadata = resources.tables.outbox.metadata
        assert [t.name for t in tenant_tables_of(metadata)] == [t.name for t in metadata.sorted_tables]
    finally:
        resources.db.dispose()
