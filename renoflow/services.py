"""The services a RenoFlow installation runs, with their migrations."""

from __future__ import annotations

from pathlib import Path

from gateway.directory import MIGRATIONS as DIRECTORY_MIGRATIONS
from services.aftercare import bootstrap as aftercare
from services.aftercare.service import AftercareService
from services.construction import bootstrap as construction
from services.construction.service import ConstructionService
from services.contracts import bootstrap as contracts
from services.contracts.service import ContractsService
from services.finance import bootstrap as finance
from services.finance.service import FinanceService
from services.sales import bootstrap as sales
from services.sales.service import SalesService
from shared.operations import PublicOperation
from shared.operations import public_operations as declared_public_operations

SERVICE_CLASSES: tuple[type, ...] = (
    SalesService, ContractsService, FinanceService, ConstructionService, AftercareService)

#: Each database and the migrations that build it (the gateway's directory included).
MIGRATIONS: dict[str, Path] = {
    "sales": sales.MIGRATIONS, "contracts": contracts.MIGRATIONS, "finance": finance.MIGRATIONS,
    "construction": construction.MIGRATIONS, "aftercare": aftercare.MIGRATIONS, "gateway": DIRECTORY_MIGRATIONS,
}


def public_operations() -> list[PublicOperation]:
    """Every service's declared public operations, for the gateway's routes."""
    return [op for cls in SERVICE_CLASSES
            for op in declared_public_operations(cls.name, getattr(cls, "operations", {}))]  # type: ignore[attr-defined]


def service_module(service_cls: type) -> str:
    """The module ``nameko run`` loads for a service class."""
    return f"{service_cls.__module__}:{service_cls.__name__}"
