"""Composition root of the contracts service: its database, unit of work and document store."""

from __future__ import annotations

from pathlib import Path

from services.contracts.adapters.orm import PLATFORM
from services.contracts.adapters.unit_of_work import ContractsUnitOfWork
from shared.messaging.service_kit import ServiceResources
from shared.settings import Settings

SERVICE = "contracts"
MIGRATIONS = Path(__file__).parent / "migrations"


def build_resources(settings: Settings) -> ServiceResources:
    """Everything a contracts process holds for its lifetime."""
    return ServiceResources.build(SERVICE, settings, tables=PLATFORM, uow_class=ContractsUnitOfWork,
                                  migrations=MIGRATIONS)
