"""Composition root of the finance service: its database, unit of work and document store."""

from __future__ import annotations

from pathlib import Path

from services.finance.adapters.orm import PLATFORM
from services.finance.adapters.unit_of_work import FinanceUnitOfWork
from shared.messaging.service_kit import ServiceResources
from shared.settings import Settings

SERVICE = "finance"
MIGRATIONS = Path(__file__).parent / "migrations"


def build_resources(settings: Settings) -> ServiceResources:
    """Everything a finance process holds for its lifetime."""
    return ServiceResources.build(SERVICE, settings, tables=PLATFORM, uow_class=FinanceUnitOfWork,
                                  migrations=MIGRATIONS)
