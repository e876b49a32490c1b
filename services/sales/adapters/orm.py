"""The sales database, mapped onto the domain's classes: every table carries ``tenant_id`` (P01).

Imperative mapping (cosmicpython): the tables are declared here and the plain classes of
``domain/model.py`` are mapped onto them, so the domain imports nothing of SQLAlchemy.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import registry, relationship

from services.sales.domain.model import Design, Estimate, Lead, Measurement, MeasurementRequest
from shared.persistence.db_types import UtcDateTime
from shared.persistence.mapping import aggregates
from shared.persistence.platform_tables import add_platform_tables

Money = Numeric(14, 2)

metadata = MetaData()
PLATFORM = add_platform_tables(metadata)

#: One reception in the customer resource register (《客户资源登记表》, S04).
leads = Table(
    "leads", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("store", String(1), nullable=False),
    Column("customer_name", String(100), nullable=False),
    Column("phone", String(32), nullable=False),
    Column("address", String(300), nullable=False),
    Column("source", String(32), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("consultation_channel", String(32), nullable=False),
    Column("notes", Text, nullable=False, default=""),
    Column("designer", String(128), nullable=False, default=""),
    Column("assigned_queue", String(16), nullable=False),
    Column("received_by", String(128), nullable=False),
    Column("status", String(32), nullable=False, default="new"),
    Column("deposit_amount", Money, nullable=True),
    Column("deposit_received_by", String(128), nullable=True),
    Column("deposit_received_at", UtcDateTime, nullable=True),
    Column("confirmed_design_version", Integer, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Index("ix_leads_tenant_store", "tenant_id", "store"),
)

#: Simple estimates at reception (S02); amounts of ``items`` as two-decimal strings.
estimates = Table(
    "estimates", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("lead_id", ForeignKey("leads.id"), index=True, nullable=False),
    Column("store", String(1), nullable=False),
    Column("scope", String(16), nullable=False),
    Column("items", JSON, nullable=False),
    Column("total", Money, nullable=False),
    Column("created_by", String(128), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

#: Measurement visit requests (S05).
measurement_requests = Table(
    "measurement_requests", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("lead_id", ForeignKey("leads.id"), index=True, nullable=False),
    Column("store", String(1), nullable=False),
    Column("requested_for", UtcDateTime, nullable=False),
    Column("status", String(24), nullable=False),
    Column("requested_by", String(128), nullable=False),
    Column("approved_by", String(128), nullable=True),
    Column("scheduled_at", UtcDateTime, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
)

#: S06: rooms (decimals as strings) and the wall structure judgement shown to the customer.
measurements = Table(
    "measurements", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("lead_id", ForeignKey("leads.id"), index=True, nullable=False),
    Column("store", String(1), nullable=False),
    Column("rooms", JSON, nullable=False),
    Column("walls", JSON, nullable=False),
    Column("total_floor_area", Numeric(10, 2), nullable=False),
    Column("measured_by", String(128), nullable=False),
    Column("measured_at", UtcDateTime, nullable=False),
)

#: S07: one version of floor plan and preliminary budget; versions are never overwritten.
designs = Table(
    "designs", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("lead_id", ForeignKey("leads.id"), index=True, nullable=False),
    Column("store", String(1), nullable=False),
    Column("version", Integer, nullable=False),
    Column("floor_plan_document_id", String(36), nullable=False),
    Column("budget_items", JSON, nullable=False),
    Column("total", Money, nullable=False),
    Column("status", String(16), nullable=False, default="draft"),
    Column("created_by", String(128), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("confirmed_by", String(128), nullable=True),
    Column("confirmed_at", UtcDateTime, nullable=True),
    Column("customer_signature", JSON, nullable=True),
    UniqueConstraint("tenant_id", "lead_id", "version", name="uq_design_version"),
)

mapper_registry = registry(metadata=metadata)
mapper_registry.map_imperatively(Estimate, estimates)
mapper_registry.map_imperatively(MeasurementRequest, measurement_requests)
mapper_registry.map_imperatively(Measurement, measurements)
mapper_registry.map_imperatively(Design, designs)


def _part(cls: type, table: Table, order_by: Column[object] | None = None) -> object:
    # The parts of a lead are loaded with it (one query each) and saved through it; ids are
    # time-ordered, so the id order is the order they were made in.
    return relationship(cls, order_by=order_by if order_by is not None else table.c.id, lazy="selectin",
                        cascade="all, delete-orphan")


mapper_registry.map_imperatively(Lead, leads, properties={
    "estimates": _part(Estimate, estimates),
    "measurement_requests": _part(MeasurementRequest, measurement_requests),
    "measurements": _part(Measurement, measurements),
    "designs": _part(Design, designs, designs.c.version),
})


aggregates(Lead)
