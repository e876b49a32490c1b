"""Composition root of the construction service: its database, unit of work and document store."""

from __future__ import annotations

from pathlib import Path

from services.construction.adapters.orm import PLATFORM
from services.construction.adapters.unit_of_work import ConstructionUnitOfWork
from shared.messaging.service_kit import ServiceResources
from shared.settings import Settings

SERVICE = "construction"
MIGRATIONS = Path(__file__).parent / "migrations"


def build_resources(settings: Settings) -> ServiceResources:
    """Everything a construction process holds for its lifetime."""
    return ServiceResources.build(SERVICE, settings, tables=PLATFORM, uow_class=ConstructionUnitOfWork,
                                  migrations=MIGRATIONS)
