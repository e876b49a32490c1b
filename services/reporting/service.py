"""The reporting service's nameko class: its entrypoints come from ``operations.py``."""

from __future__ import annotations

from services.reporting.bootstrap import build_resources
from services.reporting.operations import EVENT_HANDLERS, OPERATIONS
from shared.messaging.consumers import consumes
from shared.messaging.nameko_support import PlatformService
from shared.messaging.operations import serves
from shared.messaging.service_kit import CallerProvider, UnitOfWorkProvider


@serves(*OPERATIONS)
@consumes(*EVENT_HANDLERS)
class ReportingService(PlatformService):
    name = "reporting"
    build_resources = staticmethod(build_resources)

    uow = UnitOfWorkProvider()
    caller = CallerProvider()
