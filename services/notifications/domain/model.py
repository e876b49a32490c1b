"""Notifications (站内通知): what happened, addressed to roles of a store, read per user.

An alert names roles ("engineering and the general manager", F03) and a store, not people: the
platform's users and their roles live in the identity provider, so a notification is addressed to
``(role, store)`` and a user's inbox is every notification addressed to one of their roles in a
store they work in (or any store, for tenant-wide roles). Whether a user has read it is theirs
alone (:class:`Reading`). A tenant may add channels beyond the inbox: a :class:`Recipient`
(an e-mail address for a role) makes each matching notification a :class:`Delivery` that the
delivery timer hands to the channel's adapter.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from shared.errors import InvalidInput
from shared.identity.context import ROLES

#: The channels a delivery can take; the inbox is always there. SMS and WeCom come as adapters.
CHANNELS = ("email",)
#: Who manages a tenant's recipients.
RECIPIENT_MANAGERS = ("tenant_admin",)
#: Deliveries tried this often before they are given up (the inbox still holds the notification).
MAX_ATTEMPTS = 5


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class Notification:
    """One alert or document notice for the users of ``roles`` in ``store`` (None: every store)."""

    def __init__(self, *, id: str, kind: str, title: str, body: str, store: str | None, roles: Iterable[str],
                 rule: str | None, subject_id: str | None, source_event_id: str, created_at: datetime) -> None:
        self.id, self.kind, self.title, self.body, self.store = id, kind, title, body, store
        self.roles = ",".join(sorted(set(roles)))
        self.rule, self.subject_id = rule, subject_id
        self.source_event_id, self.created_at = source_event_id, created_at

    def addressed_to(self) -> list[str]:
        """The roles whose users see it."""
        return [r for r in self.roles.split(",") if r]

    def visible_to(self, roles: Iterable[str], stores: Iterable[str], tenant_wide: bool) -> bool:
        """A user sees a notification of one of their roles, for a store they work in (or any store)."""
        if not set(roles) & set(self.addressed_to()):
            return False
        return tenant_wide or self.store is None or self.store in set(stores)


class Reading:
    """That one user has read one notification, and when."""

    def __init__(self, *, notification_id: str, username: str, read_at: datetime) -> None:
        self.notification_id, self.username, self.read_at = notification_id, username, read_at


class Recipient:
    """A tenant's address on a channel for the users of a role (in one store, or every store)."""

    def __init__(self, *, id: str, role: str, store: str | None, channel: str, address: str,
                 created_by: str, created_at: datetime) -> None:
        if role not in ROLES:
            raise InvalidInput(f"unknown role {role!r}", field="role")
        if channel not in CHANNELS:
            raise InvalidInput(f"channel must be one of {', '.join(CHANNELS)}", field="channel")
        self.id, self.role, self.store, self.channel, self.address = id, role, store, channel, address
        self.created_by, self.created_at = created_by, created_at

    def wants(self, notification: Notification) -> bool:
        """The recipient's role is addressed, and its store matches (or it takes every store)."""
        return self.role in notification.addressed_to() and (
            self.store is None or notification.store is None or self.store == notification.store)


class Delivery:
    """One notification on its way to one address of a channel (at least once; retried a few times)."""

    last_error: str | None
    sent_at: datetime | None

    def __init__(self, *, id: str, notification_id: str, channel: str, address: str, subject: str, body: str,
                 created_at: datetime) -> None:
        self.id, self.notification_id, self.channel, self.address = id, notification_id, channel, address
        self.subject, self.body, self.created_at = subject, body, created_at
        self.status: str = DeliveryStatus.PENDING
        self.attempts = 0
        self.last_error = None
        self.sent_at = None

    def sent(self, at: datetime) -> None:
        self.status, self.sent_at = DeliveryStatus.SENT, at
        self.attempts += 1

    def failed(self, error: str) -> None:
        """A failed attempt: tried again on the next run, given up after :data:`MAX_ATTEMPTS`."""
        self.attempts += 1
        self.last_error = error[:500]
        if self.attempts >= MAX_ATTEMPTS:
            self.status = DeliveryStatus.FAILED
