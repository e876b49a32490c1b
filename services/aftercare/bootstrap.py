"""Composition root of the aftercare service: its database, unit of work and document store."""

from __future__ import annotations

from pathlib import Path

from services.aftercare.adapters.orm import PLATFORM
from services.aftercare.adapters.unit_of_work import AftercareUnitOfWork
from shared.messaging.service_kit import ServiceResources
from shared.settings import Settings

SERVICE = "aftercare"
MIGRATIONS = Path(__file__).parent / "migrations"


def build_resources(settings: Settings) -> ServiceResources:
    """Everything an aftercare process holds for its lifetime."""
    return ServiceResources.build(SERVICE, settings, tables=PLATFORM, uow_class=AftercareUnitOfWork,
                                  migrations=MIGRATIONS)
