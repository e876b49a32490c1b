"""The finance service's nameko class: its entrypoints come from ``operations.py``, but the timer."""

from __future__ import annotations

import logging
from collections.abc import Callable

from services.finance import application as app
from services.finance.adapters.repository import tenants_with_plans
from services.finance.adapters.unit_of_work import FinanceUnitOfWork
from services.finance.bootstrap import build_resources
from services.finance.operations import EVENT_HANDLERS, OPERATIONS
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

#: Seconds between two F03 overdue sweeps (both modes): "at once" after the due day ends.
OVERDUE_SWEEP_SECONDS = 300
#: Seconds between two looks for the F05 daily statements (both modes): produced soon after midnight.
STATEMENT_SECONDS = 600


@serves(*OPERATIONS)
@consumes(*EVENT_HANDLERS)
class FinanceService(PlatformService):
    name = "finance"
    build_resources = staticmethod(build_resources)

    uow = UnitOfWorkProvider()
    caller = CallerProvider()
    platform_db = CrossTenantDatabaseProvider()
    documents = DocumentsProvider()

    def _tenant_uow(self, tenant: str) -> Callable[[], FinanceUnitOfWork]:
        return lambda: self.uow(tenant)

    @timer(interval=OVERDUE_SWEEP_SECONDS)
    def alert_overdue_payments(self) -> None:
        # F03: nobody touches a plan whose money did not come; the timer notices the due date passed.
        now = utcnow()
        for tenant in tenants_with_plans(self.platform_db):
            try:
                app.alert_overdue_payments(self._tenant_uow(tenant), now)
            except Exception:  # one tenant's failure must not starve the others; retried next run
                log.exception("overdue payment sweep failed for tenant %s", tenant)

    @timer(interval=STATEMENT_SECONDS)
    def produce_daily_statements(self) -> None:
        # F05: yesterday's receipts statement of every store before 10:00 store time, once.
        now = utcnow()
        for tenant in tenants_with_plans(self.platform_db):
            try:
                app.produce_daily_statements(self._tenant_uow(tenant), self.documents, now)
            except Exception:  # one tenant's failure must not starve the others; retried next run
                log.exception("daily statements failed for tenant %s", tenant)
