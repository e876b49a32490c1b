"""The notifications service's nameko class: its entrypoints come from ``operations.py``, but the timer."""

from __future__ import annotations

import logging
from collections.abc import Callable

from services.notifications import application as app
from services.notifications.adapters.repository import tenants_with_notifications
from services.notifications.adapters.unit_of_work import NotificationsUnitOfWork
from services.notifications.bootstrap import build_channels, build_resources
from services.notifications.operations import EVENT_HANDLERS, OPERATIONS
from services.notifications.ports import Channel
from shared.messaging.consumers import consumes
from shared.messaging.nameko_support import PlatformService, timer
from shared.messaging.operations import serves
from shared.messaging.service_kit import (
    CallerProvider,
    CrossTenantDatabaseProvider,
    PlatformDependency,
    ServiceResources,
    UnitOfWorkProvider,
)

log = logging.getLogger(__name__)

#: Seconds between two runs of the delivery timer (both modes).
DELIVERY_SECONDS = 30


class ChannelsProvider(PlatformDependency):  # type: ignore[misc]
    """The channels of this process's settings (e-mail when SMTP is configured)."""

    def build(self, resources: ServiceResources, data: dict[str, object]) -> dict[str, Channel]:
        return build_channels(resources.settings)


@serves(*OPERATIONS)
@consumes(*EVENT_HANDLERS)
class NotificationsService(PlatformService):
    name = "notifications"
    build_resources = staticmethod(build_resources)

    uow = UnitOfWorkProvider()
    caller = CallerProvider()
    platform_db = CrossTenantDatabaseProvider()
    channels = ChannelsProvider()

    def _tenant_uow(self, tenant: str) -> Callable[[], NotificationsUnitOfWork]:
        return lambda: self.uow(tenant)

    @timer(interval=DELIVERY_SECONDS)
    def send_pending(self) -> None:
        # Deliveries leave after the commit that made them, never inside an event handler's transaction.
        if not self.channels:
            return
        for tenant in tenants_with_notifications(self.platform_db):
            try:
                app.send_pending(self._tenant_uow(tenant), self.channels)
            except Exception:  # one tenant's failure must not starve the others; retried next run
                log.exception("notification delivery failed for tenant %s", tenant)
