"""The contracts database: every table carries ``tenant_id`` (P01)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from shared.clock import DEFAULT_TIMEZONE
from shared.db_types import UtcDateTime
from shared.platform_tables import add_platform_tables

Money = Numeric(14, 2)


class Base(DeclarativeBase):
    pass


PLATFORM = add_platform_tables(Base.metadata)


class StoreRow(Base):
    __tablename__ = "stores"
    tenant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    code: Mapped[str] = mapped_column(String(1), primary_key=True)
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)


class CatalogueItemRow(Base):
    __tablename__ = "catalogue_items"
    tenant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(16))
    unit_price: Mapped[Decimal] = mapped_column(Money)
    trade: Mapped[str] = mapped_column(String(32))


class DocumentRow(Base):
    """An uploaded file's record; the bytes are in the document store under ``storage_key``.

    ``status`` is ``pending`` from allotment until the gateway reports the stored bytes, and only
    ``stored`` documents are ever shown. ``store`` is the store of the record it was uploaded for
    (or the uploader's); documents from before stores were recorded have none and are seen by
    tenant-wide roles only.
    """

    __tablename__ = "documents"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True)
    store: Mapped[str | None] = mapped_column(String(1), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="stored", server_default="stored")
    lead_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    contract_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    kind: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(128))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    storage_key: Mapped[str] = mapped_column(String(255))
    uploaded_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class LeadRow(Base):
    """What contracts knows of a sales lead, from the ``lead_registered`` event."""

    __tablename__ = "leads"
    tenant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    lead_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    store: Mapped[str] = mapped_column(String(1))
    customer_name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(300))
    designer: Mapped[str] = mapped_column(String(128))


class QuoteRow(Base):
    __tablename__ = "quotes"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True)
    lead_id: Mapped[str] = mapped_column(String(36))
    store: Mapped[str] = mapped_column(String(1))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    total: Mapped[Decimal] = mapped_column(Money)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    issued_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    lines: Mapped[list[QuoteLineRow]] = relationship(order_by="QuoteLineRow.line", lazy="selectin")


class QuoteLineRow(Base):
    __tablename__ = "quote_lines"
    quote_id: Mapped[str] = mapped_column(ForeignKey("quotes.id"), primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64))
    catalogue_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(16))
    unit_price: Mapped[Decimal] = mapped_column(Money)
    quantity: Mapped[Decimal] = mapped_column(Numeric(12, 3))
    amount: Mapped[Decimal] = mapped_column(Money)
    special: Mapped[bool] = mapped_column(Boolean, default=False)
    approval: Mapped[str] = mapped_column(String(16), default="not_needed")


class ContractRow(Base):
    __tablename__ = "contracts"
    # C04: a number is unique within its tenant (each tenant has its own store A).
    __table_args__ = (UniqueConstraint("tenant_id", "number", name="uq_contract_number"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True)
    lead_id: Mapped[str] = mapped_column(String(36))
    quote_id: Mapped[str] = mapped_column(ForeignKey("quotes.id"))
    store: Mapped[str] = mapped_column(String(1))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    market_party: Mapped[bool] = mapped_column(Boolean, default=False)
    total: Mapped[Decimal] = mapped_column(Money)
    number: Mapped[str | None] = mapped_column(String(16), nullable=True)
    signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    signed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    customer_signature: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    cost_notice_acknowledged: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(128))
    signed_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    attachments: Mapped[list[AttachmentRow]] = relationship(order_by="AttachmentRow.added_at", lazy="selectin")


class AttachmentRow(Base):
    __tablename__ = "contract_attachments"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    contract_id: Mapped[str] = mapped_column(ForeignKey("contracts.id"), index=True)
    tenant_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(64))
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"))
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)


class NumberCounterRow(Base):
    """C04: the last number of a (tenant, store, local day), bumped in the signing transaction."""

    __tablename__ = "contract_number_counters"
    tenant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    store: Mapped[str] = mapped_column(String(1), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)
