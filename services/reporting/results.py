"""What the reporting service answers."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from shared.money import MONEY_PATTERN

SIGNED = "^-?" + MONEY_PATTERN[1:]


class FigureSet(BaseModel):
    """api.md's figures: counts of the period, balances at its end; money as yuan strings."""

    leads: int
    contracts_signed: int
    contract_value: str = Field(pattern=MONEY_PATTERN)
    received: str = Field(pattern=MONEY_PATTERN)
    #: Signed value not received yet, as of ``to`` (negative only if money came before a signing).
    outstanding: str = Field(pattern=SIGNED)
    projects_in_progress: int
    complaints_open: int


class StoreFigures(FigureSet):
    store: str
    #: Drill-down: the list behind each count, as a path with its query (portal links).
    links: dict[str, str]


class DashboardRead(BaseModel):
    # ``from`` is a Python keyword: the field is ``from_``, the answer's member ``from``.
    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True, serialize_by_alias=True)

    from_: date = Field(alias="from")
    to: date
    stores: list[StoreFigures]
    total: FigureSet
