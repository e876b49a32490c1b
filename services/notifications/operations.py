"""The notifications service's operations and the events it consumes, each declared once."""

from __future__ import annotations

from services.notifications import application as app
from services.notifications.commands import AddRecipient, ListNotifications, ListRecipients, MarkNotificationRead
from services.notifications.domain.events import (
    ComplaintEscalatedView,
    PaymentNoticeIssuedView,
    PaymentOverdueView,
    RepairsNotReturnedView,
    StatementProducedView,
)
from services.notifications.results import NotificationPage, NotificationRead, RecipientList, RecipientRead
from services.notifications.tenant_data import OPERATIONS as TENANT_DATA
from shared.messaging.consumers import Consumer
from shared.messaging.operations import Operation, Route

OPERATIONS = (
    Operation(app.list_notifications, ListNotifications, NotificationPage,
              Route("GET", "/notifications", query=("unread", "limit", "cursor"))),
    Operation(app.mark_notification_read, MarkNotificationRead, NotificationRead,
              Route("POST", "/notifications/{notification_id}/read")),
    Operation(app.add_recipient, AddRecipient, RecipientRead, Route("POST", "/notification-recipients", status=201)),
    Operation(app.list_recipients, ListRecipients, RecipientList, Route("GET", "/notification-recipients")),
    *TENANT_DATA,
)

EVENT_HANDLERS = (
    Consumer("finance", "payment_overdue", PaymentOverdueView, app.on_payment_overdue),
    Consumer("finance", "payment_notice_issued", PaymentNoticeIssuedView, app.on_payment_notice_issued),
    Consumer("aftercare", "complaint_escalated", ComplaintEscalatedView, app.on_complaint_escalated),
    Consumer("aftercare", "repairs_not_returned", RepairsNotReturnedView, app.on_repairs_not_returned),
    Consumer("finance", "statement_produced", StatementProducedView, app.on_statement_produced),
    Consumer("reporting", "statistics_produced", StatementProducedView, app.on_statistics_produced),
)
