"""Composition root of the sales service: its database, unit of work and document store."""

from __future__ import annotations

from pathlib import Path

from services.sales.adapters.orm import PLATFORM
from services.sales.adapters.unit_of_work import SalesUnitOfWork
from shared.messaging.service_kit import ServiceResources
from shared.settings import Settings

SERVICE = "sales"
MIGRATIONS = Path(__file__).parent / "migrations"


def build_resources(settings: Settings) -> ServiceResources:
    """Everything a sales process holds for its lifetime."""
    return ServiceResources.build(SERVICE, settings, tables=PLATFORM, uow_class=SalesUnitOfWork,
                                  migrations=MIGRATIONS)
