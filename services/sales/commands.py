"""The sales service's commands: what each use case accepts, validated at the entrypoint."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import Field, field_validator

from services.sales.domain.leads import Channel, ConsultationChannel, Source
from shared.errors import InvalidInput
from shared.money import parse_money
from shared.validation import Command

Dimension = Field(gt=0, le=1000, max_digits=8, decimal_places=3)


class RegisterLead(Command):
    """S01: a reception with its media source, business channel and consultation channel."""

    customer_name: str = Field(min_length=1, max_length=100)
    phone: str = Field(min_length=5, max_length=32, pattern=r"^\+?[0-9][0-9 -]{3,30}$")
    address: str = Field(min_length=1, max_length=300)
    store: str = Field(pattern=r"^[A-Z]$")
    source: Source
    channel: Channel
    consultation_channel: ConsultationChannel
    notes: str = Field(default="", max_length=2000)
    #: The designer who received the customer, named by studio or marketing staff.
    designer: str | None = Field(default=None, max_length=128)


class PricedItem(Command):
    name: str = Field(min_length=1, max_length=200)
    amount: Decimal

    @field_validator("amount", mode="before")
    @classmethod
    def _money(cls, v: Any) -> Decimal:
        # A ValueError (not InvalidInput) lets pydantic name the full path, e.g. items.2.amount.
        try:
            return parse_money(v, field="amount")
        except InvalidInput as exc:
            raise ValueError(exc.detail) from None


class GiveEstimate(Command):
    scope: Literal["itemised", "whole_house"]
    items: list[PricedItem] = Field(min_length=1, max_length=200)


class RecordDeposit(Command):
    amount: Decimal

    @field_validator("amount", mode="before")
    @classmethod
    def _money(cls, v: Any) -> Decimal:
        return parse_money(v, field="amount")


class RequestMeasurement(Command):
    requested_for: datetime
    notes: str = Field(default="", max_length=2000)


class MeasuredRoom(Command):
    name: str = Field(min_length=1, max_length=100)
    length_m: Decimal = Dimension
    width_m: Decimal = Dimension
    height_m: Decimal = Dimension


class JudgedWall(Command):
    name: str = Field(min_length=1, max_length=100)
    structure: Literal["load_bearing", "partition", "insulation", "seismic", "unknown"]


class RecordMeasurement(Command):
    rooms: list[MeasuredRoom] = Field(min_length=1, max_length=100)
    walls: list[JudgedWall] = Field(default_factory=list, max_length=200)


class DraftDesign(Command):
    floor_plan_document_id: str = Field(min_length=1, max_length=36)
    budget_items: list[PricedItem] = Field(min_length=1, max_length=500)


class ConfirmDesign(Command):
    customer_signature: dict[str, Any]
