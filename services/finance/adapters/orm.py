"""The finance database: every table carries ``tenant_id`` (P01)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKeyConstraint, Integer, Numeric, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from shared.db_types import UtcDateTime
from shared.platform_tables import add_platform_tables

Money = Numeric(14, 2)


class Base(DeclarativeBase):
    pass


PLATFORM = add_platform_tables(Base.metadata)


class FinancePolicyRow(Base):
    """A tenant's own first-installment ratio (F02); absent means the default 60%."""

    __tablename__ = "finance_policies"
    tenant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    first_installment_ratio: Mapped[Decimal] = mapped_column(Numeric(5, 4))


class PaymentPlanRow(Base):
    """One contract's payment plan, opened when the contract is signed (F02, C07)."""

    __tablename__ = "payment_plans"
    tenant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    contract_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    number: Mapped[str] = mapped_column(String(16))
    store: Mapped[str] = mapped_column(String(1), index=True)
    customer_name: Mapped[str] = mapped_column(String(100))
    total: Mapped[Decimal] = mapped_column(Money)
    first_installment_ratio: Mapped[Decimal] = mapped_column(Numeric(5, 4))
    signed_on: Mapped[date] = mapped_column(Date)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    installments: Mapped[list[InstallmentRow]] = relationship(order_by="InstallmentRow.seq", lazy="selectin")


class InstallmentRow(Base):
    __tablename__ = "installments"
    __table_args__ = (ForeignKeyConstraint(["tenant_id", "contract_id"],
                                           ["payment_plans.tenant_id", "payment_plans.contract_id"]),)
    tenant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    contract_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(16))
    amount: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(16))


class PaymentRow(Base):
    """收款记录: money taken for a contract, by whom, and whether finance has it (F01)."""

    __tablename__ = "payments"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64), index=True)
    contract_id: Mapped[str] = mapped_column(String(36), index=True)
    store: Mapped[str] = mapped_column(String(1))
    kind: Mapped[str] = mapped_column(String(16))
    amount: Mapped[Decimal] = mapped_column(Money)
    method: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(500), nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    received_by: Mapped[str] = mapped_column(String(128))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    confirmed_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
