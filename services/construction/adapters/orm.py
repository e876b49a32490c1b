"""The construction database: every table carries ``tenant_id`` (P01)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from shared.db_types import UtcDateTime
from shared.platform_tables import add_platform_tables


class Base(DeclarativeBase):
    pass


PLATFORM = add_platform_tables(Base.metadata)


class ProjectRow(Base):
    """A line of 《在施工程一览表》 (projects in progress), opened on signing (K01)."""

    __tablename__ = "projects"
    __table_args__ = (UniqueConstraint("tenant_id", "contract_id", name="uq_project_contract"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True)
    contract_id: Mapped[str] = mapped_column(String(36))
    number: Mapped[str] = mapped_column(String(16))
    store: Mapped[str] = mapped_column(String(1), index=True)
    customer_name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(300))
    designer: Mapped[str] = mapped_column(String(128))
    opened_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    documents: Mapped[list[ProjectDocumentRow]] = relationship(order_by="ProjectDocumentRow.seq",
                                                              lazy="selectin")
    steps: Mapped[list[ProjectStepRow]] = relationship(order_by="ProjectStepRow.seq", lazy="selectin")


class ProjectDocumentRow(Base):
    """A line of 《工程资料明细单》: one form the project needs, and whether it is on file."""

    __tablename__ = "project_documents"
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    form_type: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    document_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


class ProjectStepRow(Base):
    """One step of the construction sequence (K07) on one project."""

    __tablename__ = "project_steps"
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    step: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    percent: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    started_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    completed_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
