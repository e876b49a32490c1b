"""What the notifications service answers: one model per result."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from services.notifications.domain.model import Notification, Recipient
from shared.persistence.paging import Page
from shared.wire import Instant


class NotificationRead(BaseModel):
    id: str
    kind: str
    title: str
    body: str
    store: str | None
    rule: str | None
    subject_id: str | None
    created_at: Instant
    read: bool
    read_at: Instant | None

    @classmethod
    def of(cls, n: Notification, read_at: datetime | None) -> NotificationRead:
        return cls(id=n.id, kind=n.kind, title=n.title, body=n.body, store=n.store, rule=n.rule,
                   subject_id=n.subject_id, created_at=n.created_at, read=read_at is not None, read_at=read_at)


class NotificationPage(Page[NotificationRead]):
    """The inbox: a page of notifications and how many of the caller's are unread (the badge)."""

    unread: int = 0


class RecipientRead(BaseModel):
    id: str
    role: str
    store: str | None
    channel: str
    address: str

    @classmethod
    def of(cls, r: Recipient) -> RecipientRead:
        return cls(id=r.id, role=r.role, store=r.store, channel=r.channel, address=r.address)


class RecipientList(BaseModel):
    items: list[RecipientRead]
