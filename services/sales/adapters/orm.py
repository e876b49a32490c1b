"""The sales database: every table carries ``tenant_id`` (P01)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.db_types import UtcDateTime
from shared.platform_tables import add_platform_tables

Money = Numeric(14, 2)


class Base(DeclarativeBase):
    pass


PLATFORM = add_platform_tables(Base.metadata)


class LeadRow(Base):
    """One reception in the customer resource register (《客户资源登记表》, S04)."""

    __tablename__ = "leads"
    __table_args__ = (Index("ix_leads_tenant_store", "tenant_id", "store"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True)
    store: Mapped[str] = mapped_column(String(1))
    customer_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(32))
    consultation_channel: Mapped[str] = mapped_column(String(32))
    notes: Mapped[str] = mapped_column(Text, default="")
    designer: Mapped[str] = mapped_column(String(128), default="")
    assigned_queue: Mapped[str] = mapped_column(String(16))
    received_by: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(32), default="new")
    deposit_amount: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    deposit_received_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    deposit_received_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    confirmed_design_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class EstimateRow(Base):
    __tablename__ = "estimates"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True)
    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id"), index=True)
    store: Mapped[str] = mapped_column(String(1))
    scope: Mapped[str] = mapped_column(String(16))
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # amounts as two-decimal strings
    total: Mapped[Decimal] = mapped_column(Money)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class MeasurementRequestRow(Base):
    __tablename__ = "measurement_requests"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True)
    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id"), index=True)
    store: Mapped[str] = mapped_column(String(1))
    requested_for: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(24))
    requested_by: Mapped[str] = mapped_column(String(128))
    approved_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    scheduled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class MeasurementRow(Base):
    """S06: rooms and the wall structure judgement shown to the customer."""

    __tablename__ = "measurements"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True)
    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id"), index=True)
    store: Mapped[str] = mapped_column(String(1))
    rooms: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # decimals as strings
    walls: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    total_floor_area: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    measured_by: Mapped[str] = mapped_column(String(128))
    measured_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DesignRow(Base):
    """S07: one version of floor plan and preliminary budget; versions are never overwritten."""

    __tablename__ = "designs"
    __table_args__ = (UniqueConstraint("tenant_id", "lead_id", "version", name="uq_design_version"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True)
    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id"), index=True)
    store: Mapped[str] = mapped_column(String(1))
    version: Mapped[int] = mapped_column(Integer)
    floor_plan_document_id: Mapped[str] = mapped_column(String(36))
    budget_items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    total: Mapped[Decimal] = mapped_column(Money)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    confirmed_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    customer_signature: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
