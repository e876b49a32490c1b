"""The sales service's nameko class: its entrypoints come from ``operations.py``."""

from __future__ import annotations

from services.sales.bootstrap import build_resources
from services.sales.operations import EVENT_HANDLERS, OPERATIONS
from shared.consumers import consumes
from shared.nameko_support import PlatformService
from shared.operations import serves
from shared.service_kit import CallerProvider, UnitOfWorkProvider


@serves(*OPERATIONS)
@consumes(*EVENT_HANDLERS)
class SalesService(PlatformService):
    """流程01–06: leads, estimates, measurement visits, measurements, designs. Consumes no events yet."""

    name = "sales"
    build_resources = staticmethod(build_resources)

    uow = UnitOfWorkProvider()
    caller = CallerProvider()
