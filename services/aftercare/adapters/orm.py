"""The aftercare database: every table carries ``tenant_id`` (P01)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.db_types import UtcDateTime
from shared.platform_tables import add_platform_tables


class Base(DeclarativeBase):
    pass


PLATFORM = add_platform_tables(Base.metadata)


class CustomerArchiveRow(Base):
    """《客户档案表》: the customer of a signed contract (A02); personal data, read per A07."""

    __tablename__ = "customer_archives"
    tenant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    contract_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    number: Mapped[str] = mapped_column(String(16))
    store: Mapped[str] = mapped_column(String(1), index=True)
    customer_name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(300))
    designer: Mapped[str] = mapped_column(String(128))
    signed_on: Mapped[date] = mapped_column(Date)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ComplaintRow(Base):
    """《客户投诉记录单》: one complaint, its class, hand-offs, answer and escalation (A06)."""

    __tablename__ = "complaints"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True)
    contract_id: Mapped[str] = mapped_column(String(36), index=True)
    store: Mapped[str] = mapped_column(String(1), index=True)
    text: Mapped[str] = mapped_column(Text)
    customers_affected: Mapped[int] = mapped_column(Integer)
    matter: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    validity: Mapped[str | None] = mapped_column(String(8), nullable=True)
    severity: Mapped[str | None] = mapped_column(String(16), nullable=True)
    received_by: Mapped[str] = mapped_column(String(128))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    pass_on_by: Mapped[datetime] = mapped_column(UtcDateTime)
    answer_by: Mapped[datetime] = mapped_column(UtcDateTime)
    classified_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    classified_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    passed_on_to_department: Mapped[str | None] = mapped_column(String(64), nullable=True)
    passed_on_to_person: Mapped[str | None] = mapped_column(String(128), nullable=True)
    pass_on_note: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    passed_on_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    passed_on_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    answer: Mapped[str | None] = mapped_column(Text, nullable=True)
    answered_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    escalated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    escalated_to: Mapped[str | None] = mapped_column(String(32), nullable=True)
    escalation_reason: Mapped[str | None] = mapped_column(String(64), nullable=True)
    resolution: Mapped[str | None] = mapped_column(Text, nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
