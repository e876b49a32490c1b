"""Composition root of the aftercare service: its database, unit of work and document store."""

from __future__ import annotations

from pathlib import Path

from services.aftercare.adapters.orm import PLATFORM
from services.aftercare.adapters.unit_of_work import AftercareUnitOfWork
from shared.db import ServiceDatabase
from shared.document_stores import make_document_store
from shared.service_kit import ServiceResources
from shared.settings import Settings

SERVICE = "aftercare"
MIGRATIONS = Path(__file__).parent / "migrations"


def build_resources(settings: Settings) -> ServiceResources:
    """Everything an aftercare process holds for its lifetime."""
    return ServiceResources(
        service=SERVICE, db=ServiceDatabase(SERVICE, settings.service_database_url(SERVICE)),
        tables=PLATFORM, uow_class=AftercareUnitOfWork, documents=make_document_store(settings, SERVICE),
        migrations=MIGRATIONS, settings=settings,
    )
