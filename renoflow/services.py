"""The service classes a RenoFlow installation runs."""

from __future__ import annotations

from services.construction.service import ConstructionService
from services.contracts.service import ContractsService
from services.finance.service import FinanceService
from services.sales.service import SalesService

SERVICE_CLASSES: tuple[type, ...] = (SalesService, ContractsService, FinanceService, ConstructionService)
