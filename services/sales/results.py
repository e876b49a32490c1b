"""What the sales service answers: one model per result, built from the lead aggregate.

Money is a two-decimal string and times are ISO 8601 with their offset (api.md, ``Instant``).
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel

from services.sales.domain.leads import CHANNELS, CONSULTATION_CHANNELS, SOURCES
from services.sales.domain.model import Design, Estimate, Lead, Measurement, MeasurementRequest
from shared.money import money_str
from shared.persistence.paging import Page
from shared.wire import Instant


def _money(amount: Decimal | None) -> str | None:
    return money_str(amount) if amount is not None else None


class LeadRead(BaseModel):
    """A line of the customer resource register (《客户资源登记表》), with the labels of its codes."""

    id: str
    store: str
    status: str
    customer_name: str
    phone: str
    address: str
    source: str
    source_label: str
    channel: str
    channel_label: str
    consultation_channel: str
    consultation_channel_label: str
    notes: str
    designer: str
    assigned_queue: str
    received_by: str
    created_at: Instant
    deposit_paid: bool
    deposit_amount: str | None
    confirmed_design_version: int | None

    @classmethod
    def of(cls, lead: Lead) -> LeadRead:
        return cls(
            id=lead.id, store=lead.store, status=lead.status, customer_name=lead.customer_name,
            phone=lead.phone, address=lead.address, source=lead.source, source_label=SOURCES[lead.source],
            channel=lead.channel, channel_label=CHANNELS[lead.channel],
            consultation_channel=lead.consultation_channel,
            consultation_channel_label=CONSULTATION_CHANNELS[lead.consultation_channel], notes=lead.notes,
            designer=lead.designer, assigned_queue=lead.assigned_queue, received_by=lead.received_by,
            created_at=lead.created_at, deposit_paid=lead.deposit_paid, deposit_amount=_money(lead.deposit_amount),
            confirmed_design_version=lead.confirmed_design_version,
        )


class PricedLine(BaseModel):
    name: str
    amount: str


class EstimateRead(BaseModel):
    id: str
    lead_id: str
    store: str
    scope: str
    items: list[PricedLine]
    total: str
    created_by: str
    created_at: Instant

    @classmethod
    def of(cls, e: Estimate) -> EstimateRead:
        return cls(id=e.id, lead_id=e.lead_id, store=e.store, scope=e.scope, items=[PricedLine(**i) for i in e.items],
                   total=money_str(e.total), created_by=e.created_by, created_at=e.created_at)


class MeasurementRequestRead(BaseModel):
    """A measurement visit request and where it stands (S05)."""

    id: str
    lead_id: str
    store: str
    status: str
    requested_for: Instant
    requested_by: str
    approved_by: str | None
    scheduled_at: Instant | None
    created_at: Instant

    @classmethod
    def of(cls, r: MeasurementRequest) -> MeasurementRequestRead:
        return cls(id=r.id, lead_id=r.lead_id, store=r.store, status=r.status, requested_for=r.requested_for,
                   requested_by=r.requested_by, approved_by=r.approved_by, scheduled_at=r.scheduled_at,
                   created_at=r.created_at)


class MeasuredRoomRead(BaseModel):
    name: str
    length_m: str
    width_m: str
    height_m: str
    floor_area_m2: str


class JudgedWallRead(BaseModel):
    """A wall's structure (S06) and what the customer is told about it."""

    name: str
    structure: str
    structure_label: str
    customer_advice: str


class MeasurementRead(BaseModel):
    id: str
    lead_id: str
    store: str
    rooms: list[MeasuredRoomRead]
    walls: list[JudgedWallRead]
    total_floor_area_m2: str
    measured_by: str
    measured_at: Instant

    @classmethod
    def of(cls, m: Measurement) -> MeasurementRead:
        return cls(id=m.id, lead_id=m.lead_id, store=m.store, rooms=[MeasuredRoomRead(**r) for r in m.rooms],
                   walls=[JudgedWallRead(**w) for w in m.walls],
                   total_floor_area_m2=f"{m.total_floor_area:.2f}", measured_by=m.measured_by,
                   measured_at=m.measured_at)


class SignerRead(BaseModel):
    """Who signed; the signature image stays in the record, answers never carry the picture."""

    name: str
    role: str


class DesignRead(BaseModel):
    id: str
    lead_id: str
    store: str
    version: int
    status: str
    floor_plan_document_id: str
    budget_items: list[PricedLine]
    total: str
    created_by: str
    created_at: Instant
    confirmed_by: str | None
    confirmed_at: Instant | None
    customer_signature: SignerRead | None

    @classmethod
    def of(cls, d: Design) -> DesignRead:
        signed = d.customer_signature
        return cls(id=d.id, lead_id=d.lead_id, store=d.store, version=d.version, status=d.status,
                   floor_plan_document_id=d.floor_plan_document_id,
                   budget_items=[PricedLine(**i) for i in d.budget_items],
                   total=money_str(d.total), created_by=d.created_by, created_at=d.created_at,
                   confirmed_by=d.confirmed_by, confirmed_at=d.confirmed_at,
                   customer_signature=SignerRead(name=signed["name"], role=signed["role"]) if signed else None)


class LeadDetail(LeadRead):
    """One lead with its estimates, visits, measurements and design versions (oldest first)."""

    estimates: list[EstimateRead]
    measurement_requests: list[MeasurementRequestRead]
    measurements: list[MeasurementRead]
    designs: list[DesignRead]

    @classmethod
    def of(cls, lead: Lead) -> LeadDetail:
        return cls(**dict(LeadRead.of(lead)),
                   estimates=[EstimateRead.of(e) for e in lead.estimates],
                   measurement_requests=[MeasurementRequestRead.of(r) for r in lead.measurement_requests],
                   measurements=[MeasurementRead.of(m) for m in lead.measurements],
                   designs=[DesignRead.of(d) for d in sorted(lead.designs, key=lambda d: d.version)])


LeadPage = Page[LeadRead]


MeasurementRequestPage = Page[MeasurementRequestRead]
