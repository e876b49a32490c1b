"""The construction service's nameko class: its entrypoints come from ``operations.py``, but the timer."""

from __future__ import annotations

import logging

from services.construction.adapters.repository import tenants_to_sweep
from services.construction.application import callbacks
from services.construction.bootstrap import build_resources
from services.construction.operations import EVENT_HANDLERS, OPERATIONS
from shared.clock import utcnow
from shared.messaging.consumers import consumes
from shared.messaging.nameko_support import PlatformService, timer
from shared.messaging.operations import serves
from shared.messaging.service_kit import (
    CallerProvider,
    CrossTenantDatabaseProvider,
    DocumentsProvider,
    UnitOfWorkProvider,
)

log = logging.getLogger(__name__)

#: Seconds between two K18 passes (both modes): a new week's callbacks appear soon after Monday begins.
CALLBACK_SECONDS = 600


@serves(*OPERATIONS)
@consumes(*EVENT_HANDLERS)
class ConstructionService(PlatformService):
    name = "construction"
    build_resources = staticmethod(build_resources)

    uow = UnitOfWorkProvider()
    caller = CallerProvider()
    platform_db = CrossTenantDatabaseProvider()
    #: Signed forms' PDFs are rendered and stored here (P02).
    documents = DocumentsProvider()

    @timer(interval=CALLBACK_SECONDS)
    def schedule_callbacks(self) -> None:
        # K18: this week's callback of every project under construction, and last week's misses.
        now = utcnow()
        for tenant in tenants_to_sweep(self.platform_db):
            try:
                callbacks.schedule_callbacks(lambda t=tenant: self.uow(t), now)
            except Exception:  # one tenant's failure must not starve the others; retried next run
                log.exception("weekly callbacks failed for tenant %s", tenant)
