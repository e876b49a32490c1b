"""The sales service's nameko class: its entrypoints come from ``operations.py``."""

from __future__ import annotations

from services.sales.bootstrap import build_resources
from services.sales.operations import EVENT_HANDLERS, OPERATIONS
from shared.messaging.consumers import consumes
from shared.messaging.nameko_support import PlatformService
from shared.messaging.operations import serves
from shared.messaging.service_kit import CallerProvider, UnitOfWorkProvider


@serves(*OPERATIONS)
@consumes(*EVENT_HANDLERS)
class SalesService(PlatformService):
    """流程01–06: leads, estimates, measurement visits, measurements, designs. Consumes no events yet."""

    name = "sales"
    build_resources = staticmethod(build_resources)

    uow = UnitOfWorkProvider()
    caller = CallerProvider()
