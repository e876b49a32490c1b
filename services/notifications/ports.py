"""What the notification use cases need: the abstract unit of work, repositories, and channels."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from services.notifications.domain.model import Delivery, Notification, Reading, Recipient
from shared.persistence.uow import AbstractUnitOfWork


@dataclass(frozen=True)
class Outgoing:
    """One message for a channel: where it goes and what it says."""

    address: str
    subject: str
    body: str


class Channel(Protocol):
    """A way out besides the inbox (e-mail today; SMS, WeCom later): ``send`` raises on failure."""

    name: str

    def send(self, message: Outgoing) -> None: ...


class Notifications(Protocol):
    def add(self, item: Any) -> None: ...

    def notification(self, notification_id: str) -> Notification: ...

    def inbox(self, *, roles: Iterable[str], stores: frozenset[str] | None, username: str, unread_only: bool,
              limit: int, after: str | None) -> list[tuple[Notification, datetime | None]]: ...

    def unread_count(self, *, roles: Iterable[str], stores: frozenset[str] | None, username: str) -> int: ...

    def reading(self, notification_id: str, username: str) -> Reading | None: ...


class Recipients(Protocol):
    def add(self, item: Any) -> None: ...

    def recipients(self) -> list[Recipient]: ...


class Deliveries(Protocol):
    def add(self, item: Any) -> None: ...

    def pending(self, limit: int = 100) -> list[Delivery]: ...

    def of_notification(self, notification_id: str) -> list[Delivery]: ...


class NotificationsUnitOfWork(AbstractUnitOfWork, Protocol):
    notifications: Notifications
    recipients: Recipients
    deliveries: Deliveries
