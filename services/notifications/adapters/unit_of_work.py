"""The notifications unit of work: the platform's plus this service's repositories."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.notifications.adapters.repository import (
    DeliveryRepository,
    NotificationRepository,
    RecipientRepository,
)
from shared.persistence.uow import UnitOfWork


class NotificationsUnitOfWork(UnitOfWork):
    notifications: NotificationRepository
    recipients: RecipientRepository
    deliveries: DeliveryRepository

    def open_repositories(self, session: Session) -> None:
        self.notifications = NotificationRepository(session, self.tenant_id)
        self.recipients = RecipientRepository(session, self.tenant_id)
        self.deliveries = DeliveryRepository(session, self.tenant_id)
