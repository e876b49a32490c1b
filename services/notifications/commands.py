"""The notifications service's commands: every input of a use case, validated at the entrypoint."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from shared.persistence.paging import PageQuery
from shared.validation import Command


class ListNotifications(PageQuery):
    """The caller's inbox, newest first; ``unread`` narrows it to what they have not read."""

    unread: bool = False


class MarkNotificationRead(Command):
    notification_id: str = Field(min_length=1, max_length=200)


class AddRecipient(Command):
    """An address on a channel for the users of a role, in one store or (no ``store``) all of them."""

    role: str = Field(min_length=1, max_length=32)
    store: str | None = Field(default=None, pattern=r"^[A-Z]$")
    channel: Literal["email"] = "email"
    address: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ListRecipients(Command):
    """A tenant's channel addresses."""
