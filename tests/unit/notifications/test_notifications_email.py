"""The e-mail channel against a local test SMTP server (aiosmtpd): deliveries leave once, failures retry."""

from __future__ import annotations

from collections.abc import Iterator
from email import message_from_bytes
from email.header import decode_header, make_header
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from services.notifications import application as app
from services.notifications.adapters.email import SmtpChannel
from services.notifications.domain.model import MAX_ATTEMPTS
from tests.platforms import free_port

from .conftest import Desk, complaint_escalated, payment_overdue, tenant_wide


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def test_F03_overdue_alert_is_mailed_to_the_recipients_of_its_roles(desk: Desk, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    admin = tenant_wide("tenant_admin")
    desk.call("add_recipient", admin, role="general_manager", address="gm@example.com")
    desk.call("add_recipient", admin, role="engineering_manager", store="B", address="eng-b@example.com")
    desk.call("add_recipient", admin, role="aftercare", address="care@example.com")
    desk.deliver(payment_overdue("A"))
    channels = {"email": SmtpChannel("127.0.0.1", port, "renoflow@example.com")}
    assert app.send_pending(desk.uow(), channels) == 1
    assert app.send_pending(desk.uow(), channels) == 0  # sent once
    [(to, mail)] = inbox.messages
    assert to == ["gm@example.com"]
    assert "A25112201" in str(make_header(decode_header(mail["Subject"])))
    assert "20000.00" in mail.get_payload(decode=True).decode("utf-8")


def test_a_refused_delivery_is_retried_then_given_up(desk: Desk) -> None:
    desk.call("add_recipient", tenant_wide("tenant_admin"), role="general_manager", address="gm@example.com")
    desk.deliver(complaint_escalated())
    closed = {"email": SmtpChannel("127.0.0.1", free_port(), "renoflow@example.com", timeout=1)}
    for _ in range(MAX_ATTEMPTS):
        assert app.send_pending(desk.uow(), closed) == 0
    [item] = desk.call("list_notifications", tenant_wide())["items"]
    with desk.uow()() as u:
        assert u.deliveries.pending() == []
        [delivery] = u.deliveries.of_notification(item["id"])
        assert (delivery.status, delivery.attempts) == ("failed", MAX_ATTEMPTS) and delivery.last_error


def test_without_a_configured_channel_deliveries_wait(desk: Desk) -> None:
    desk.call("add_recipient", tenant_wide("tenant_admin"), role="general_manager", address="gm@example.com")
    desk.deliver(complaint_escalated())
    assert app.send_pending(desk.uow(), {}) == 0
    with desk.uow()() as u:
        assert len(u.deliveries.pending()) == 1
