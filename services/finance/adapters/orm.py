"""The finance database, mapped onto the domain's classes: every table carries ``tenant_id`` (P01).

Imperative mapping (cosmicpython): the tables are declared here and the plain classes of
``domain/model.py`` are mapped onto them, so the domain imports nothing of SQLAlchemy.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKeyConstraint, Integer, MetaData, Numeric, String, Table
from sqlalchemy.orm import registry, relationship

from services.finance.domain.crew import CrewMember, MaterialDraw
from services.finance.domain.model import FinancePolicy, Installment, Payment, PaymentPlan
from services.finance.domain.notices import FinanceDocument
from services.finance.domain.statements import Statement
from shared.persistence.db_types import UtcDateTime
from shared.persistence.mapping import aggregates
from shared.persistence.platform_tables import add_platform_tables
from shared.persistence.sweeps import add_sweep_tenants
from shared.tenant_settings import add_tenant_settings

Money = Numeric(14, 2)
Ratio = Numeric(5, 4)

metadata = MetaData()
PLATFORM = add_platform_tables(metadata)
#: The newest settings snapshot the directory pushed (decision 0036).
TENANT_SETTINGS = add_tenant_settings(metadata)

#: A tenant's own first-installment ratio (F02); absent means the default 60%.
finance_policies = Table(
    "finance_policies", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("first_installment_ratio", Ratio, nullable=False),
)

#: One contract's payment plan, opened when the contract is signed (F02, C07).
payment_plans = Table(
    "payment_plans", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("contract_id", String(36), primary_key=True),
    Column("number", String(16), nullable=False),
    Column("store", String(1), index=True, nullable=False),
    Column("customer_name", String(100), nullable=False),
    Column("total", Money, nullable=False),
    Column("first_installment_ratio", Ratio, nullable=False),
    Column("signed_on", Date, nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
)

#: One installment of a plan (首期款, 中期款, 尾款).
installments = Table(
    "installments", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("contract_id", String(36), primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("name", String(16), nullable=False),
    Column("amount", Money, nullable=True),
    Column("due_on", Date, nullable=True),
    Column("status", String(16), nullable=False),
    #: The signed settlement that fixed the amount (F02), and the payment notice (F03, F04).
    Column("settlement_document_id", String(64), nullable=True),
    Column("notice_issued_on", Date, nullable=True),
    Column("notice_document_id", String(64), nullable=True),
    Column("notice_signed_by", String(100), nullable=True),
    Column("notice_signed_at", UtcDateTime, nullable=True),
    #: When the F03 overdue alert went out for the current due date (once).
    Column("overdue_alerted_at", UtcDateTime, nullable=True),
    ForeignKeyConstraint(["tenant_id", "contract_id"], ["payment_plans.tenant_id", "payment_plans.contract_id"]),
)

#: 收款记录: money taken for a contract, by whom, and whether finance has it (F01).
payments = Table(
    "payments", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("contract_id", String(36), index=True, nullable=False),
    Column("store", String(1), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("amount", Money, nullable=False),
    Column("method", String(16), nullable=False),
    Column("note", String(500), nullable=True),
    Column("status", String(16), nullable=False),
    Column("received_by", String(128), nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    #: The store-local day the money came in: the day's receipts (F05) and ``?received_on=``.
    Column("received_on", Date, index=True, nullable=True),
    Column("confirmed_by", String(128), nullable=True),
    Column("confirmed_at", UtcDateTime, nullable=True),
)

#: The tenants with payment plans, for the F03 overdue timer (outside any tenant; decision 0016):
#: one row per tenant, written by its first plan; the relay role reads it across tenants.
sweep_tenants = add_sweep_tenants(metadata)

#: PDFs finance rendered: the signed payment notices (F03, F04; P02 write-once).
finance_documents = Table(
    "finance_documents", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("store", String(1), nullable=False),
    Column("contract_id", String(36), index=True, nullable=False),
    Column("form_type", String(64), nullable=False),
    Column("storage_key", String(200), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

#: F05: a statement produced for a store and period (once).
statements = Table(
    "finance_statements", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("store", String(1), primary_key=True),
    Column("period", Date, primary_key=True),
    Column("document_id", String(36), nullable=False),
    Column("produced_at", UtcDateTime, nullable=False),
    #: The same statement as PDF (the XLSX is ``document_id``).
    Column("pdf_document_id", String(36), nullable=True),
)

#: F08: the people of a crew who may draw material money, with the photo finance keeps on file.
crew_members = Table(
    "crew_members", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("store", String(1), nullable=False),
    Column("crew", String(100), nullable=False),
    Column("name", String(100), nullable=False),
    Column("phone", String(32), nullable=True),
    Column("photo_document_id", String(36), nullable=True),
    Column("registered_by", String(128), nullable=False),
    Column("registered_at", UtcDateTime, nullable=False),
)

#: F08: material money drawn by a crew member, with the photo that was on file.
material_draws = Table(
    "material_draws", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("store", String(1), nullable=False),
    Column("crew_member_id", String(36), index=True, nullable=False),
    Column("crew", String(100), nullable=False),
    Column("drawn_by", String(100), nullable=False),
    Column("photo_document_id", String(36), nullable=False),
    Column("amount", Money, nullable=False),
    Column("contract_id", String(36), nullable=True),
    Column("note", String(500), nullable=True),
    Column("paid_by", String(128), nullable=False),
    Column("paid_at", UtcDateTime, nullable=False),
)

mapper_registry = registry(metadata=metadata)
mapper_registry.map_imperatively(CrewMember, crew_members)
mapper_registry.map_imperatively(MaterialDraw, material_draws)
mapper_registry.map_imperatively(Statement, statements)
mapper_registry.map_imperatively(FinanceDocument, finance_documents)
mapper_registry.map_imperatively(FinancePolicy, finance_policies)
mapper_registry.map_imperatively(Installment, installments)
mapper_registry.map_imperatively(Payment, payments)
mapper_registry.map_imperatively(PaymentPlan, payment_plans, properties={
    "installments": relationship(Installment, order_by=installments.c.seq, lazy="selectin",
                                 cascade="all, delete-orphan"),
})


aggregates(PaymentPlan, Payment)
