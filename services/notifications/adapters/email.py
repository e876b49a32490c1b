"""The e-mail channel: notifications sent over SMTP (the stdlib client), one message per delivery.

An adapter of :class:`services.notifications.ports.Channel`; an SMS or WeCom adapter is another
class with the same ``send``.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from services.notifications.ports import Outgoing


class SmtpChannel:
    """Sends through one SMTP server (``host:port``), from ``sender``; STARTTLS and login if given."""

    name = "email"

    def __init__(self, host: str, port: int, sender: str, *, username: str | None = None,
                 password: str | None = None, starttls: bool = False, timeout: float = 10.0) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.username, self.password, self.starttls, self.timeout = username, password, starttls, timeout

    def send(self, message: Outgoing) -> None:
        """Hand one message to the server; raises on refusal (the delivery is retried)."""
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = self.sender, message.address, message.subject
        mail.set_content(message.body)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(mail)
