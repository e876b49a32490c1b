"""Use cases of the notifications service: the inbox, its read flags, the channels, and the handlers
that turn other services' events into notifications (F03, A04, A06, F05/S04).

Each takes its command and, by keyword, the dependencies it needs (:mod:`shared.messaging.operations`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from services.notifications.commands import AddRecipient, ListNotifications, ListRecipients, MarkNotificationRead
from services.notifications.domain import messages
from services.notifications.domain.events import (
    ComplaintEscalatedView,
    PaymentNoticeIssuedView,
    PaymentOverdueView,
    RepairsNotReturnedView,
    StatementProducedView,
)
from services.notifications.domain.messages import Message
from services.notifications.domain.model import RECIPIENT_MANAGERS, Delivery, Notification, Reading, Recipient
from services.notifications.ports import Channel, NotificationsUnitOfWork, Outgoing
from services.notifications.results import NotificationPage, NotificationRead, RecipientList, RecipientRead
from shared.clock import utcnow
from shared.errors import NotFound
from shared.identity.context import Principal
from shared.ids import new_id
from shared.messaging.events import EventView
from shared.persistence.paging import clamp, page

log = logging.getLogger(__name__)

UowFactory = Callable[[], NotificationsUnitOfWork]


def _stores(principal: Principal) -> frozenset[str] | None:
    return None if principal.tenant_wide else frozenset(principal.stores)


def notify(uow: NotificationsUnitOfWork, event: EventView, message: Message) -> Notification:
    """Store one notification for an event, and a delivery for each recipient on another channel."""
    now = utcnow()
    notification = Notification(id=new_id(), kind=message.kind, title=message.title, body=message.body,
                                store=message.store, roles=message.roles, rule=message.rule,
                                subject_id=message.subject_id, source_event_id=event.event_id, created_at=now)
    uow.notifications.add(notification)
    for recipient in uow.recipients.recipients():
        if recipient.wants(notification):
            uow.deliveries.add(Delivery(id=new_id(), notification_id=notification.id, channel=recipient.channel,
                                        address=recipient.address, subject=message.title, body=message.body,
                                        created_at=now))
    return notification


def on_payment_overdue(view: PaymentOverdueView, uow: NotificationsUnitOfWork) -> None:
    """F03: money not in by its due date reaches engineering and the general manager at once."""
    notify(uow, view, messages.payment_overdue(
        contract_id=view.contract_id, number=view.number, store=view.store, kind=view.kind,
        outstanding=view.outstanding, due_on=view.due_on, alert_roles=view.alert_roles))


def on_payment_notice_issued(view: PaymentNoticeIssuedView, uow: NotificationsUnitOfWork) -> None:
    """F03/F04: finance learns a payment notice is ready to present to the customer."""
    notify(uow, view, messages.payment_notice_issued(
        contract_id=view.contract_id, number=view.number, store=view.store, kind=view.kind, amount=view.amount,
        due_on=view.due_on))


def on_complaint_escalated(view: ComplaintEscalatedView, uow: NotificationsUnitOfWork) -> None:
    """A06: a major complaint is reported to the general manager at once."""
    notify(uow, view, messages.complaint_escalated(
        complaint_id=view.complaint_id, store=view.store, reason=view.reason, detail=view.detail,
        escalated_to=view.escalated_to))


def on_repairs_not_returned(view: RepairsNotReturnedView, uow: NotificationsUnitOfWork) -> None:
    """A04: the 17:00 list of repair orders not returned reaches the department head."""
    notify(uow, view, messages.repairs_not_returned(store=view.store, on=view.on, repair_ids=view.repair_ids,
                                                    alert_roles=view.alert_roles))


def on_statement_produced(view: StatementProducedView, uow: NotificationsUnitOfWork) -> None:
    """F05: the statement reaches the roles the rule names."""
    notify(uow, view, messages.statement_produced(kind=view.kind, title=view.title, store=view.store,
                                                  period=view.period, document_id=view.document_id,
                                                  total=view.total, recipient_roles=view.recipient_roles))


def on_statistics_produced(view: StatementProducedView, uow: NotificationsUnitOfWork) -> None:
    """S04: the weekly customer resource statistics reach the general manager (reporting's event)."""
    on_statement_produced(view, uow)


def list_notifications(cmd: ListNotifications, *, uow: UowFactory, principal: Principal) -> NotificationPage:
    """The caller's inbox: what went to their roles in their stores, newest first, with read flags."""
    limit = clamp(cmd.limit)
    with uow() as u:
        rows = u.notifications.inbox(roles=principal.roles, stores=_stores(principal),
                                     username=principal.username, unread_only=cmd.unread, limit=limit + 1,
                                     after=cmd.cursor)
        unread = u.notifications.unread_count(roles=principal.roles, stores=_stores(principal),
                                              username=principal.username)
        answer = page(rows, limit, lambda row: NotificationRead.of(*row), cursor_of=lambda row: row[0].id)  # type: ignore[arg-type, return-value]
        return NotificationPage.model_validate({**answer, "unread": unread})


def mark_notification_read(cmd: MarkNotificationRead, *, uow: UowFactory, principal: Principal) -> NotificationRead:
    """Mark one of the caller's notifications read (again: nothing changes); another's is not found."""
    with uow() as u:
        notification = u.notifications.notification(cmd.notification_id)
        if not notification.visible_to(principal.roles, principal.stores, principal.tenant_wide):
            raise NotFound("notification not found")
        reading = u.notifications.reading(notification.id, principal.username)
        if reading is None:
            reading = Reading(notification_id=notification.id, username=principal.username, read_at=utcnow())
            u.notifications.add(reading)
        u.commit()
        return NotificationRead.of(notification, reading.read_at)


def add_recipient(cmd: AddRecipient, *, uow: UowFactory, principal: Principal) -> RecipientRead:
    """A tenant admin adds an address on a channel (e-mail) for the users of a role."""
    principal.require_role(RECIPIENT_MANAGERS, action="manage notification recipients")
    with uow() as u:
        recipient = Recipient(id=new_id(), role=cmd.role, store=cmd.store, channel=cmd.channel,
                              address=cmd.address, created_by=principal.username, created_at=utcnow())
        u.recipients.add(recipient)
        u.commit()
        return RecipientRead.of(recipient)


def list_recipients(cmd: ListRecipients, *, uow: UowFactory, principal: Principal) -> RecipientList:
    """The tenant's channel addresses (tenant admin only)."""
    principal.require_role(RECIPIENT_MANAGERS, action="read notification recipients")
    with uow() as u:
        return RecipientList(items=[RecipientRead.of(r) for r in u.recipients.recipients()])


def send_pending(uow: UowFactory, channels: dict[str, Channel], now: datetime | None = None) -> int:
    """Send one tenant's pending deliveries through their channels; the number sent now.

    Not an operation: the service's timer calls it per tenant. A failure is recorded and retried
    on the next run, a few times; a channel not configured leaves its deliveries pending.
    """
    moment = now or utcnow()
    sent = 0
    with uow() as u:
        for delivery in u.deliveries.pending():
            channel = channels.get(delivery.channel)
            if channel is None:
                continue
            try:
                channel.send(Outgoing(delivery.address, delivery.subject, delivery.body))
            except Exception as exc:  # any refusal of the channel: recorded, retried next run
                log.warning("delivery %s to %s failed: %s", delivery.id, delivery.channel, exc)
                delivery.failed(f"{type(exc).__name__}: {exc}")
                continue
            delivery.sent(moment)
            sent += 1
        u.commit()
    return sent
