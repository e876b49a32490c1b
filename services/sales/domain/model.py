"""The lead aggregate: a line of 《客户资源登记表》 with everything sales does for it (流程01–06).

A lead owns its estimates, its measurement visits, its measurements and its design versions:
the rules that join them (a deposit schedules the waiting visits, S05; a measurement needs a
scheduled visit, S05; one confirmed design per lead, S07) hold inside one aggregate, loaded and
locked as one. Plain Python: the adapters map these classes onto the tables (SQLAlchemy
imperative mapping). State changes record their domain events on ``events``; the use case
publishes them through its unit of work.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from services.sales.domain import designs, estimates, leads, measurements
from services.sales.domain.designs import DesignStatus
from services.sales.domain.events import (
    DepositReceived,
    DesignConfirmed,
    DesignDrafted,
    EstimateGiven,
    LeadAssigned,
    LeadRegistered,
    MeasurementRecorded,
    MeasurementRequested,
    MeasurementScheduled,
)
from services.sales.domain.leads import LeadStatus
from services.sales.domain.measurements import Room, VisitStatus
from shared.errors import Conflict, NotFound
from shared.ids import new_id
from shared.messaging.events import Event
from shared.money import money_str


class Estimate:
    """A simple estimate given at reception (简单估算, S02)."""

    def __init__(self, *, id: str, lead_id: str, store: str, scope: str, items: list[dict[str, Any]],
                 total: Decimal, created_by: str, created_at: datetime) -> None:
        self.id, self.lead_id, self.store, self.scope = id, lead_id, store, scope
        #: The lines as given, amounts as two-decimal strings.
        self.items, self.total, self.created_by, self.created_at = items, total, created_by, created_at


class MeasurementRequest:
    """A request for an on-site measurement visit (上门量房, S05)."""

    def __init__(self, *, id: str, lead_id: str, store: str, requested_for: datetime, status: VisitStatus,
                 requested_by: str, created_at: datetime, scheduled_at: datetime | None = None) -> None:
        self.id, self.lead_id, self.store, self.requested_for = id, lead_id, store, requested_for
        self.status, self.requested_by, self.created_at = status, requested_by, created_at
        self.approved_by: str | None = None
        self.scheduled_at = scheduled_at

    def schedule(self, *, at: datetime, approved_by: str | None = None) -> None:
        """The visit goes ahead: approved by the studio manager, or a deposit was paid (S05)."""
        self.status, self.scheduled_at = VisitStatus.SCHEDULED, at
        if approved_by is not None:
            self.approved_by = approved_by


class Measurement:
    """S06: the rooms measured and the wall structure judgement shown to the customer."""

    def __init__(self, *, id: str, lead_id: str, store: str, rooms: list[dict[str, Any]],
                 walls: list[dict[str, Any]], total_floor_area: Decimal, measured_by: str,
                 measured_at: datetime) -> None:
        self.id, self.lead_id, self.store = id, lead_id, store
        #: As recorded: decimals as strings, each wall with what the customer was told.
        self.rooms, self.walls, self.total_floor_area = rooms, walls, total_floor_area
        self.measured_by, self.measured_at = measured_by, measured_at


class Design:
    """S07: one version of floor plan (平面图) and preliminary budget (初步预算); never overwritten."""

    def __init__(self, *, id: str, lead_id: str, store: str, version: int, floor_plan_document_id: str,
                 budget_items: list[dict[str, Any]], total: Decimal, created_by: str, created_at: datetime,
                 status: DesignStatus = DesignStatus.DRAFT) -> None:
        self.id, self.lead_id, self.store, self.version = id, lead_id, store, version
        self.floor_plan_document_id, self.budget_items, self.total = floor_plan_document_id, budget_items, total
        self.status, self.created_by, self.created_at = status, created_by, created_at
        self.confirmed_by: str | None = None
        self.confirmed_at: datetime | None = None
        #: The customer's signature as stored (name, role and image).
        self.customer_signature: dict[str, Any] | None = None


def _priced(items: Iterable[tuple[str, Decimal]]) -> tuple[list[dict[str, Any]], Decimal]:
    lines = list(items)
    return ([{"name": name, "amount": money_str(amount)} for name, amount in lines],
            estimates.total(amount for _name, amount in lines))


class Lead:
    """A reception in the customer resource register (《客户资源登记表》, S01, S04) and its sales steps."""

    events: list[Event]
    estimates: list[Estimate]
    measurement_requests: list[MeasurementRequest]
    measurements: list[Measurement]
    designs: list[Design]

    def __init__(self, *, id: str, store: str, customer_name: str, phone: str, address: str, source: str,
                 channel: str, consultation_channel: str, notes: str, designer: str, assigned_queue: str,
                 received_by: str, created_at: datetime, status: LeadStatus = LeadStatus.NEW) -> None:
        self.id, self.store, self.customer_name, self.phone, self.address = id, store, customer_name, phone, address
        self.source, self.channel, self.consultation_channel = source, channel, consultation_channel
        self.notes, self.designer, self.assigned_queue, self.received_by = notes, designer, assigned_queue, received_by
        self.status, self.created_at = status, created_at
        self.deposit_amount: Decimal | None = None
        self.deposit_received_by: str | None = None
        self.deposit_received_at: datetime | None = None
        self.confirmed_design_version: int | None = None
        self.estimates, self.measurement_requests, self.measurements, self.designs = [], [], [], []
        self.events = []

    @classmethod
    def register(cls, *, store: str, customer_name: str, phone: str, address: str, source: str, channel: str,
                 consultation_channel: str, notes: str, named_designer: str | None, roles: Iterable[str],
                 by: str, at: datetime) -> Lead:
        """S01/S03/S04: the reception with who took it and whose queue it waits in."""
        reception = leads.receive(roles, by, named_designer)
        lead = cls(id=new_id(), store=store, customer_name=customer_name, phone=phone, address=address,
                   source=source, channel=channel, consultation_channel=consultation_channel, notes=notes,
                   designer=reception.designer, assigned_queue=reception.assigned_queue, received_by=by,
                   created_at=at)
        lead.events.append(LeadRegistered(
            lead_id=lead.id, store=lead.store, customer_name=lead.customer_name, phone=lead.phone,
            address=lead.address, source=lead.source, channel=lead.channel,
            consultation_channel=lead.consultation_channel, designer=lead.designer, status=lead.status,
        ))
        return lead

    def assign(self, designer: str, *, roles: Iterable[str], by: str) -> None:
        """S03: hand the lead to a designer of its store (from the marketing or studio queue)."""
        leads.check_may_assign(roles, self.status)
        self.designer, self.assigned_queue = designer, "designer"
        self.events.append(LeadAssigned(lead_id=self.id, store=self.store, designer=designer, assigned_by=by))

    @property
    def deposit_paid(self) -> bool:
        return self.deposit_amount is not None

    def _advance(self, step: LeadStatus) -> None:
        self.status = leads.advance(self.status, step)

    def give_estimate(self, scope: str, items: Iterable[tuple[str, Decimal]], *, by: str, at: datetime) -> Estimate:
        """S02: a simple estimate; never a whole-house total on a phone consultation."""
        estimates.check_scope(self.consultation_channel, scope)
        lines, total = _priced(items)
        estimate = Estimate(id=new_id(), lead_id=self.id, store=self.store, scope=scope, items=lines, total=total,
                            created_by=by, created_at=at)
        self.estimates.append(estimate)
        self.events.append(EstimateGiven(estimate_id=estimate.id, lead_id=self.id, store=self.store, scope=scope,
                                         total=money_str(total)))
        return estimate

    def receive_deposit(self, amount: Decimal, *, by: str, at: datetime) -> None:
        """The deposit (订金), once; visits waiting for approval become scheduled (S05)."""
        if self.deposit_paid:
            raise Conflict("a deposit is already recorded for this lead", field="amount")
        self.deposit_amount, self.deposit_received_at, self.deposit_received_by = amount, at, by
        self.events.append(DepositReceived(lead_id=self.id, store=self.store, amount=money_str(amount),
                                           received_by=by))
        for request in self.measurement_requests:
            if request.status == VisitStatus.AWAITING_APPROVAL:
                # S05: approval exists only because no deposit was paid; with one, the visit goes ahead.
                request.schedule(at=at)
                self.events.append(MeasurementScheduled(
                    request_id=request.id, lead_id=self.id, store=self.store,
                    requested_for=request.requested_for.isoformat(), approved_by="", reason="deposit_paid"))

    def request_measurement(self, requested_for: datetime, *, by: str, at: datetime) -> MeasurementRequest:
        """S05: never refused; without a deposit the visit waits for the studio manager."""
        status = measurements.initial_status(self.deposit_paid)
        request = MeasurementRequest(id=new_id(), lead_id=self.id, store=self.store, requested_for=requested_for,
                                     status=status, requested_by=by, created_at=at,
                                     scheduled_at=at if status == VisitStatus.SCHEDULED else None)
        self.measurement_requests.append(request)
        self._advance(LeadStatus.MEASUREMENT_REQUESTED)
        self.events.append(MeasurementRequested(request_id=request.id, lead_id=self.id, store=self.store,
                                                requested_for=requested_for.isoformat(), status=status,
                                                designer=by))
        return request

    def measurement_request(self, request_id: str) -> MeasurementRequest:
        """One of this lead's visit requests."""
        for request in self.measurement_requests:
            if request.id == request_id:
                return request
        raise NotFound("measurement request not found")

    def approve_measurement(self, request_id: str, *, by: str, at: datetime) -> MeasurementRequest:
        """S05 (须请示设计室经理): the studio manager lets a visit without deposit go ahead."""
        request = self.measurement_request(request_id)
        measurements.check_can_approve(request.status)
        request.schedule(at=at, approved_by=by)
        self.events.append(MeasurementScheduled(request_id=request.id, lead_id=self.id, store=self.store,
                                                requested_for=request.requested_for.isoformat(),
                                                approved_by=by, reason="approved"))
        return request

    def record_measurement(self, rooms: list[Room], walls: Iterable[tuple[str, str]], *, by: str,
                           at: datetime) -> Measurement:
        """S05: only after a scheduled visit; S06: rooms, and each wall's structure as told to the customer."""
        measurements.check_visit_scheduled([r.status for r in self.measurement_requests])
        judged = list(walls)
        measurement = Measurement(
            id=new_id(), lead_id=self.id, store=self.store,
            rooms=[{"name": r.name, "length_m": f"{r.length_m:f}", "width_m": f"{r.width_m:f}",
                    "height_m": f"{r.height_m:f}", "floor_area_m2": f"{r.floor_area_m2:.2f}"} for r in rooms],
            walls=[{"name": name, "structure": structure,
                    "structure_label": measurements.WALL_STRUCTURES[structure][0],
                    "customer_advice": measurements.WALL_STRUCTURES[structure][1]} for name, structure in judged],
            total_floor_area=measurements.total_floor_area(rooms), measured_by=by, measured_at=at,
        )
        self.measurements.append(measurement)
        self._advance(LeadStatus.MEASURED)
        self.events.append(MeasurementRecorded(measurement_id=measurement.id, lead_id=self.id, store=self.store,
                                               total_floor_area_m2=f"{measurement.total_floor_area:.2f}",
                                               wall_structures=[structure for _name, structure in judged]))
        return measurement

    def design(self, design_id: str) -> Design:
        """One of this lead's design versions."""
        for design in self.designs:
            if design.id == design_id:
                return design
        raise NotFound("design not found")

    def draft_design(self, floor_plan_document_id: str, budget_items: Iterable[tuple[str, Decimal]], *, by: str,
                     at: datetime) -> Design:
        """S07: a new version n + 1; older versions are kept, and none after the customer confirmed one."""
        designs.check_can_revise(self.confirmed_design_version)
        lines, total = _priced(budget_items)
        design = Design(id=new_id(), lead_id=self.id, store=self.store,
                        version=max((d.version for d in self.designs), default=0) + 1,
                        floor_plan_document_id=floor_plan_document_id, budget_items=lines, total=total,
                        created_by=by, created_at=at)
        self.designs.append(design)
        self._advance(LeadStatus.DESIGNING)
        self.events.append(DesignDrafted(design_id=design.id, lead_id=self.id, store=self.store,
                                         version_number=design.version, total=money_str(total)))
        return design

    def contracted(self) -> None:
        """C07: a contract on this lead was signed; the lead has become a customer (签约)."""
        self._advance(LeadStatus.CONTRACTED)

    def confirm_design(self, design_id: str, signature: dict[str, Any], *, by: str, at: datetime) -> Design:
        """S07: the customer signs one version as confirmed (客户认定); one per lead, never twice."""
        design = self.design(design_id)
        designs.check_can_confirm(design.status, self.confirmed_design_version)
        design.status, design.confirmed_by, design.confirmed_at = DesignStatus.CONFIRMED, by, at
        design.customer_signature = signature
        self.confirmed_design_version = design.version
        self._advance(LeadStatus.DESIGN_CONFIRMED)
        self.events.append(DesignConfirmed(
            design_id=design.id, lead_id=self.id, store=self.store, version_number=design.version,
            floor_plan_document_id=design.floor_plan_document_id, total=money_str(design.total),
            designer=self.designer or by, confirmed_at=at.isoformat(),
        ))
        return design
