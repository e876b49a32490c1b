"""The aftercare service's nameko class: its entrypoints come from ``operations.py``, but the timer."""

from __future__ import annotations

import logging
from collections.abc import Callable

from services.aftercare import application as app
from services.aftercare.adapters.repository import tenants_with_complaints
from services.aftercare.adapters.unit_of_work import AftercareUnitOfWork
from services.aftercare.bootstrap import build_resources
from services.aftercare.operations import EVENT_HANDLERS, OPERATIONS
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

#: Seconds between two A06 sweeps (both modes).
ESCALATION_SWEEP_SECONDS = 300
#: Seconds between two looks for the A04 17:00 list (both modes): it goes out within this of 17:00.
NOT_RETURNED_SECONDS = 300


@serves(*OPERATIONS)
@consumes(*EVENT_HANDLERS)
class AftercareService(PlatformService):
    name = "aftercare"
    build_resources = staticmethod(build_resources)

    uow = UnitOfWorkProvider()
    caller = CallerProvider()
    platform_db = CrossTenantDatabaseProvider()
    documents = DocumentsProvider()

    def _tenant_uow(self, tenant: str) -> Callable[[], AftercareUnitOfWork]:
        return lambda: self.uow(tenant)

    @timer(interval=ESCALATION_SWEEP_SECONDS)
    def escalate_overdue(self) -> None:
        # A06: a week without resolution escalates even when nobody touches the complaint.
        now = utcnow()
        for tenant in tenants_with_complaints(self.platform_db):
            try:
                app.escalate_overdue(self._tenant_uow(tenant), now)
            except Exception:  # one tenant's failure must not starve the others; retried next run
                log.exception("complaint escalation failed for tenant %s", tenant)

    @timer(interval=NOT_RETURNED_SECONDS)
    def list_not_returned(self) -> None:
        # A04: at 17:00 store time the department head gets the orders not returned, once a day.
        now = utcnow()
        for tenant in tenants_with_complaints(self.platform_db):
            try:
                app.list_not_returned(self._tenant_uow(tenant), now)
            except Exception:  # one tenant's failure must not starve the others; retried next run
                log.exception("not-returned repair list failed for tenant %s", tenant)
