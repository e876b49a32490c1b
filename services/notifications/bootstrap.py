"""Composition root of the notifications service: its database, unit of work and channels."""

from __future__ import annotations

from pathlib import Path

from services.notifications.adapters.email import SmtpChannel
from services.notifications.adapters.orm import PLATFORM
from services.notifications.adapters.unit_of_work import NotificationsUnitOfWork
from services.notifications.ports import Channel
from shared.messaging.service_kit import ServiceResources
from shared.settings import Settings

SERVICE = "notifications"
MIGRATIONS = Path(__file__).parent / "migrations"


def build_resources(settings: Settings) -> ServiceResources:
    """Everything a notifications process holds for its lifetime."""
    return ServiceResources.build(SERVICE, settings, tables=PLATFORM, uow_class=NotificationsUnitOfWork,
                                  migrations=MIGRATIONS)


def build_channels(settings: Settings) -> dict[str, Channel]:
    """The channels configured besides the inbox: e-mail when an SMTP host is set."""
    channels: dict[str, Channel] = {}
    if settings.smtp_host:
        channels["email"] = SmtpChannel(settings.smtp_host, settings.smtp_port, settings.smtp_sender,
                                        username=settings.smtp_username or None,
                                        password=settings.smtp_password or None, starttls=settings.smtp_starttls)
    return channels
