"""The aftercare service's commands: every input of a use case, validated at the entrypoint."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from shared.persistence.paging import PageQuery
from shared.validation import Command

#: An id from the URL: as long as the gateway lets a path segment be; an unknown one is not found.
PathId = Field(min_length=1, max_length=200)


class GetCustomerArchive(Command):
    """《客户档案表》 of one contract."""

    contract_id: str = PathId


class RecordComplaint(Command):
    """《客户投诉记录单》: a complaint about a signed contract (A06)."""

    contract_id: str = Field(min_length=1, max_length=36)
    text: str = Field(min_length=1, max_length=4000)
    customers_affected: int = Field(default=1, ge=1, le=100_000)
    #: A short key grouping complaints on one matter (同一事件), for the five-customer rule.
    matter: str | None = Field(default=None, min_length=1, max_length=64)


class ListComplaints(PageQuery):
    """Complaints of the caller's stores, narrowed to one contract, store or status."""

    contract_id: str | None = Field(default=None, max_length=200)
    store: str | None = Field(default=None, max_length=200)
    #: Checked against the statuses by the use case, which names them in its answer.
    status: str | None = Field(default=None, max_length=200)


class GetComplaint(Command):
    complaint_id: str = PathId


class ClassifyComplaint(Command):
    """A06: valid or invalid; severity only (and always) for a valid complaint."""

    complaint_id: str = PathId
    validity: Literal["valid", "invalid"]
    severity: Literal["major", "important", "minor"] | None = None


class PassOnComplaint(Command):
    """A06: hand a complaint not answerable at once to a department or person."""

    complaint_id: str = PathId
    department: str | None = Field(default=None, min_length=1, max_length=64)
    person: str | None = Field(default=None, min_length=1, max_length=128)
    note: str | None = Field(default=None, max_length=1000)


class AnswerComplaint(Command):
    """A06: the answer given to the customer."""

    complaint_id: str = PathId
    text: str = Field(min_length=1, max_length=4000)


class ResolveComplaint(Command):
    """Close a complaint, with how it was resolved."""

    complaint_id: str = PathId
    resolution: str | None = Field(default=None, max_length=4000)
