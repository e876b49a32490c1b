"""The reporting service's nameko class: its entrypoints come from ``operations.py``, but the timer."""

from __future__ import annotations

import logging

from services.reporting import application as app
from services.reporting.adapters.statements import tenants_to_sweep
from services.reporting.bootstrap import build_resources
from services.reporting.operations import EVENT_HANDLERS, OPERATIONS
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

#: Seconds between two looks for S04's weekly statistics (both modes): produced soon after Monday begins.
WEEKLY_STATISTICS_SECONDS = 600


@serves(*OPERATIONS)
@consumes(*EVENT_HANDLERS)
class ReportingService(PlatformService):
    name = "reporting"
    build_resources = staticmethod(build_resources)

    uow = UnitOfWorkProvider()
    caller = CallerProvider()
    platform_db = CrossTenantDatabaseProvider()
    documents = DocumentsProvider()

    @timer(interval=WEEKLY_STATISTICS_SECONDS)
    def produce_weekly_statistics(self) -> None:
        # S04: every Monday the last week's customer resource statistics of every store, once.
        now = utcnow()
        for tenant in tenants_to_sweep(self.platform_db):
            try:
                app.produce_weekly_statistics(lambda t=tenant: self.uow(t), self.documents, now)
            except Exception:  # one tenant's failure must not starve the others; retried next run
                log.exception("weekly statistics failed for tenant %s", tenant)
