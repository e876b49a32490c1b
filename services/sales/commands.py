"""The sales service's commands: every input of a use case, validated at the entrypoint.

The fields a route takes from its URL (``lead_id``, ``design_id``…) come last, so a bad body is
reported on its own field first, as when the body was validated alone.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Literal

from pydantic import Field

from services.sales.domain.leads import Channel, ConsultationChannel, LeadStatusName, Source
from shared.money import Money
from shared.persistence.paging import PageQuery
from shared.validation import Command, date_time, exact_decimal

#: A record id from the URL. Bounded as the gateway bounds a path segment, not at the 36
#: characters of an id: any other id is a record that does not exist (404), as it always was.
Id = Field(min_length=1, max_length=200)

#: A room's length, width or height in metres: more than 0, at most 1000, 3 decimals (millimetres).
Dimension = exact_decimal(int_digits=4, places=3, gt=0, le=1000)
#: When a measurement visit should happen: not in the past, at most a year ahead.
VisitTime = date_time(not_before=timedelta(0), not_after=timedelta(days=366))


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


class ListLeads(PageQuery):
    """The customer resource register (S04), narrowed to one store, status, designer or queue."""

    #: A store the caller does not see, or none at all, lists nothing (not a 400).
    store: str | None = Field(default=None, max_length=200)
    status: LeadStatusName | None = None
    #: The designer the lead is with (a username).
    assignee: str | None = Field(default=None, min_length=1, max_length=128)
    #: S03: the queue a lead waits in (``marketing`` for calls taken outside sales).
    queue: Literal["designer", "marketing", "studio"] | None = None


class ListMeasurementRequests(PageQuery):
    """Measurement visits of the caller's stores; ``awaiting_approval`` is the studio manager's queue (S05)."""

    store: str | None = Field(default=None, max_length=200)
    status: Literal["awaiting_approval", "scheduled"] | None = None


class AssignLead(Command):
    """S03: the designer (a username of the lead's store) who takes the lead over."""

    designer: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9][A-Za-z0-9._@-]*$")
    lead_id: str = Id


class GetLead(Command):
    lead_id: str = Id


class PricedItem(Command):
    name: str = Field(min_length=1, max_length=200)
    amount: Money


class GiveEstimate(Command):
    scope: Literal["itemised", "whole_house"]
    items: list[PricedItem] = Field(min_length=1, max_length=200)
    lead_id: str = Id


class RecordDeposit(Command):
    amount: Money
    lead_id: str = Id


class RequestMeasurement(Command):
    requested_for: VisitTime
    notes: str = Field(default="", max_length=2000)
    lead_id: str = Id


class ApproveMeasurementRequest(Command):
    request_id: str = Id


class MeasuredRoom(Command):
    name: str = Field(min_length=1, max_length=100)
    length_m: Dimension
    width_m: Dimension
    height_m: Dimension


class JudgedWall(Command):
    name: str = Field(min_length=1, max_length=100)
    structure: Literal["load_bearing", "partition", "insulation", "seismic", "unknown"]


class RecordMeasurement(Command):
    rooms: list[MeasuredRoom] = Field(min_length=1, max_length=100)
    walls: list[JudgedWall] = Field(default_factory=list, max_length=200)
    lead_id: str = Id


class DraftDesign(Command):
    floor_plan_document_id: str = Field(min_length=1, max_length=36)
    budget_items: list[PricedItem] = Field(min_length=1, max_length=500)
    lead_id: str = Id


class GetDesign(Command):
    design_id: str = Id


class ConfirmDesign(Command):
    #: Checked by the use case (after the caller's role), so the error names the part at fault.
    customer_signature: dict[str, Any]
    design_id: str = Id
