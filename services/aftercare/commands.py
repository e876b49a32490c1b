"""The aftercare service's commands: what each use case accepts, validated at the entrypoint."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from shared.validation import Command


class RecordComplaint(Command):
    """《客户投诉记录单》: a complaint about a signed contract (A06)."""

    contract_id: str = Field(min_length=1, max_length=36)
    text: str = Field(min_length=1, max_length=4000)
    customers_affected: int = Field(default=1, ge=1, le=100_000)
    #: A short key grouping complaints on one matter (同一事件), for the five-customer rule.
    matter: str | None = Field(default=None, min_length=1, max_length=64)


class ClassifyComplaint(Command):
    """A06: valid or invalid; severity only (and always) for a valid complaint."""

    validity: Literal["valid", "invalid"]
    severity: Literal["major", "important", "minor"] | None = None


class PassOnComplaint(Command):
    """A06: hand a complaint not answerable at once to a department or person."""

    department: str | None = Field(default=None, min_length=1, max_length=64)
    person: str | None = Field(default=None, min_length=1, max_length=128)
    note: str | None = Field(default=None, max_length=1000)


class AnswerComplaint(Command):
    """A06: the answer given to the customer."""

    text: str = Field(min_length=1, max_length=4000)


class ResolveComplaint(Command):
    """Close a complaint, with how it was resolved."""

    resolution: str | None = Field(default=None, max_length=4000)
