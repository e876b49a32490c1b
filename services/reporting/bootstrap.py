"""Composition root of the reporting service: its database and unit of work."""

from __future__ import annotations

from pathlib import Path

from services.reporting.adapters.orm import PLATFORM
from services.reporting.adapters.unit_of_work import ReportingUnitOfWork
from shared.messaging.service_kit import ServiceResources
from shared.settings import Settings

SERVICE = "reporting"
MIGRATIONS = Path(__file__).parent / "migrations"


def build_resources(settings: Settings) -> ServiceResources:
    """Everything a reporting process holds for its lifetime."""
    return ServiceResources.build(SERVICE, settings, tables=PLATFORM, uow_class=ReportingUnitOfWork,
                                  migrations=MIGRATIONS)
