"""The reporting service's commands: every input of a use case, validated at the entrypoint."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from shared.validation import Command

DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


class GetDashboard(Command):
    """api.md "Dashboard": a period of store-local days, optionally one store."""

    # ``from`` is a Python keyword: the field is ``from_``, the query parameter ``from``.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, validate_by_name=True,
                              validate_by_alias=True)

    #: Dates travel as text (the query string, and JSON between the gateway and the service);
    #: the use case reads them as calendar days (R02).
    from_: str = Field(alias="from", pattern=DAY, max_length=10)
    to: str = Field(pattern=DAY, max_length=10)
    store: str | None = Field(default=None, pattern="^[A-Z]$")


class GetCustomerResourceStatistics(Command):
    """S04 on demand: a store's weekly customer resource statistics of a past week (its Monday)."""

    week: str = Field(pattern=DAY, max_length=10)
    store: str | None = Field(default=None, pattern="^[A-Z]$")


class DocumentRef(Command):
    """One statement file reporting produced, by its id (the gateway's download asks)."""

    document_id: str = Field(min_length=1, max_length=200)
