"""The service classes a RenoFlow installation runs."""

from __future__ import annotations

from services.contracts.service import ContractsService

SERVICE_CLASSES: tuple[type, ...] = (ContractsService,)
