"""The contracts service's nameko class: its entrypoints come from ``operations.py``."""

from __future__ import annotations

from services.contracts.bootstrap import build_resources
from services.contracts.operations import EVENT_HANDLERS, OPERATIONS
from shared.consumers import consumes
from shared.nameko_support import PlatformService
from shared.operations import serves
from shared.service_kit import CallerProvider, UnitOfWorkProvider


@serves(*OPERATIONS)
@consumes(*EVENT_HANDLERS)
class ContractsService(PlatformService):
    name = "contracts"
    build_resources = staticmethod(build_resources)

    uow = UnitOfWorkProvider()
    caller = CallerProvider()
