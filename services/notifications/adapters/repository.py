"""The notifications repositories: rows of one tenant, and nothing else (P01)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, literal, or_, select

from services.notifications.adapters.orm import deliveries, notifications, readings, recipients, sweep_tenants
from services.notifications.domain.model import Delivery, DeliveryStatus, Notification, Reading, Recipient
from shared.persistence.db import ServiceDatabase
from shared.persistence.repository import TenantRepository
from shared.persistence.sweeps import enroll_tenant
from shared.persistence.sweeps import tenants_to_sweep as sweep_tenant_ids


class NotificationRepository(TenantRepository):
    """Notifications of the unit of work's tenant and who read them."""

    def add(self, row: Any) -> None:
        """Stage a notification; the tenant's first one also enrols it in the delivery sweep."""
        super().add(row)
        enroll_tenant(self.session, sweep_tenants, self.tenant_id)

    def notification(self, notification_id: str) -> Notification:
        return self.get(Notification, notification_id, what="notification")

    def _visible(self, q: Any, roles: Iterable[str], stores: frozenset[str] | None, username: str) -> Any:
        wrapped = literal(",") + notifications.c.roles + literal(",")
        q = (q.outerjoin(readings, (readings.c.tenant_id == notifications.c.tenant_id)
                         & (readings.c.notification_id == notifications.c.id) & (readings.c.username == username))
             .where(notifications.c.tenant_id == self.tenant_id,
                    or_(*(wrapped.like(f"%,{role},%") for role in sorted(set(roles))))))
        if stores is not None:
            q = q.where(notifications.c.store.is_(None) | notifications.c.store.in_(stores))
        return q

    def inbox(self, *, roles: Iterable[str], stores: frozenset[str] | None, username: str, unread_only: bool,
              limit: int, after: str | None) -> list[tuple[Notification, datetime | None]]:
        """A user's notifications, newest first, with when they read each (None: unread).

        ``stores`` None means every store (tenant-wide roles); a notification without a store
        goes to every store.
        """
        q = self._visible(select(Notification, readings.c.read_at).select_from(notifications), roles, stores,
                          username)
        if unread_only:
            q = q.where(readings.c.read_at.is_(None))
        if after:
            q = q.where(notifications.c.id < after)
        return [(n, read_at) for n, read_at in self.session.execute(q.order_by(notifications.c.id.desc())
                                                                     .limit(limit)).all()]

    def unread_count(self, *, roles: Iterable[str], stores: frozenset[str] | None, username: str) -> int:
        """How many of a user's notifications they have not read (the portal's badge)."""
        q = self._visible(select(func.count()).select_from(notifications), roles, stores, username)
        return int(self.session.execute(q.where(readings.c.read_at.is_(None))).scalar_one())

    def reading(self, notification_id: str, username: str) -> Reading | None:
        return self.session.get(Reading, (self.tenant_id, notification_id, username))


class RecipientRepository(TenantRepository):
    """A tenant's channel addresses."""

    def recipients(self) -> list[Recipient]:
        return list(self.session.execute(self.scoped(Recipient).order_by(recipients.c.id)).scalars())


class DeliveryRepository(TenantRepository):
    """Deliveries of the tenant's notifications on other channels."""

    def pending(self, limit: int = 100) -> list[Delivery]:
        """Deliveries still to send, oldest first, locked (and skipped by a concurrent sender)."""
        q = (self.scoped(Delivery).where(deliveries.c.status == DeliveryStatus.PENDING)
             .order_by(deliveries.c.id).limit(limit).with_for_update(skip_locked=True))
        return list(self.session.execute(q).scalars())

    def of_notification(self, notification_id: str) -> list[Delivery]:
        return list(self.session.execute(self.scoped(Delivery)
                                         .where(deliveries.c.notification_id == notification_id)).scalars())


def tenants_with_notifications(platform_db: ServiceDatabase) -> list[str]:
    """Tenants with notifications, for the delivery timer, from ``sweep_tenants`` (decision 0016)."""
    return sweep_tenant_ids(platform_db, sweep_tenants)
