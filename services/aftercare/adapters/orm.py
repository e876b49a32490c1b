"""The aftercare database, mapped onto the domain's classes: every table carries ``tenant_id`` (P01).

Imperative mapping (cosmicpython): the tables are declared here and the plain classes of
``domain/model.py`` are mapped onto them, so the domain imports nothing of SQLAlchemy.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, ForeignKeyConstraint, Integer, MetaData, Numeric, String, Table, Text
from sqlalchemy.orm import registry, relationship

from services.aftercare.domain.cards import AftercareDocument
from services.aftercare.domain.care import Holiday, Repair, RepairCost, Warranty, WarrantyCallback
from services.aftercare.domain.model import Complaint, CustomerArchive
from shared.persistence.db_types import UtcDateTime
from shared.persistence.mapping import aggregates
from shared.persistence.platform_tables import add_platform_tables
from shared.persistence.sweeps import add_sweep_tenants
from shared.tenant_settings import add_tenant_settings

metadata = MetaData()
PLATFORM = add_platform_tables(metadata)
#: The newest settings snapshot the directory pushed (decision 0036).
TENANT_SETTINGS = add_tenant_settings(metadata)

#: 《客户档案表》: the customer of a signed contract (A02); personal data, read per A07.
customer_archives = Table(
    "customer_archives", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("contract_id", String(36), primary_key=True),
    Column("number", String(16), nullable=False),
    Column("store", String(1), index=True, nullable=False),
    Column("customer_name", String(100), nullable=False),
    Column("address", String(300), nullable=False),
    Column("designer", String(128), nullable=False),
    Column("signed_on", Date, nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
)

#: 《客户投诉记录单》: one complaint, its class, hand-offs, answer and escalation (A06).
complaints = Table(
    "complaints", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("contract_id", String(36), index=True, nullable=False),
    Column("store", String(1), index=True, nullable=False),
    Column("text", Text, nullable=False),
    Column("customers_affected", Integer, nullable=False),
    Column("matter", String(64), nullable=True, index=True),
    Column("status", String(16), index=True, nullable=False),
    Column("validity", String(8), nullable=True),
    Column("severity", String(16), nullable=True),
    Column("received_by", String(128), nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    Column("pass_on_by", UtcDateTime, nullable=False),
    Column("answer_by", UtcDateTime, nullable=False),
    Column("classified_by", String(128), nullable=True),
    Column("classified_at", UtcDateTime, nullable=True),
    Column("passed_on_to_department", String(64), nullable=True),
    Column("passed_on_to_person", String(128), nullable=True),
    Column("pass_on_note", String(1000), nullable=True),
    Column("passed_on_by", String(128), nullable=True),
    Column("passed_on_at", UtcDateTime, nullable=True),
    Column("answer", Text, nullable=True),
    Column("answered_by", String(128), nullable=True),
    Column("answered_at", UtcDateTime, nullable=True),
    Column("escalated_at", UtcDateTime, nullable=True),
    Column("escalated_to", String(32), nullable=True),
    Column("escalation_reason", String(64), nullable=True),
    Column("resolution", Text, nullable=True),
    Column("resolved_by", String(128), nullable=True),
    Column("resolved_at", UtcDateTime, nullable=True),
    #: A06 by class (turn 2): also major on loss or injury, or a repeat; the class deadlines.
    Column("loss_or_injury", Boolean, nullable=False, default=False),
    Column("repeat_of", String(36), nullable=True),
    Column("resolve_by", UtcDateTime, nullable=True),
    Column("report_back_by", Date, nullable=True),
    Column("callback_due_by", UtcDateTime, nullable=True),
    Column("called_back_at", UtcDateTime, nullable=True),
    Column("callback_note", String(2000), nullable=True),
    Column("satisfied", Boolean, nullable=True),
)

#: The tenants with complaints, for the A06 sweep (a timer, outside any tenant): one row per
#: tenant, written by that tenant's first complaint. Row-level security applies as to every
#: tenant table; the relay role reads it across tenants (decision 0016), as it reads the outbox.
sweep_tenants = add_sweep_tenants(metadata)

#: The tenant's working-day calendar (A04): listed days off, and weekend days worked instead.
holidays = Table(
    "work_calendar_days", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("worked", Boolean, nullable=False),
    Column("name", String(64), nullable=False),
)

#: 保修卡 of a contract (A01): the acceptance and final payment it waits for, and the card.
warranties = Table(
    "warranties", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("contract_id", String(36), primary_key=True),
    Column("store", String(1), index=True, nullable=False),
    Column("accepted_on", Date, nullable=True),
    Column("waterproofing", Boolean, nullable=True),
    Column("final_paid_on", Date, nullable=True),
    Column("issued_on", Date, nullable=True),
    Column("document_id", String(64), nullable=True),
)

#: A03: the quarterly callbacks of a warranty.
warranty_callbacks = Table(
    "warranty_callbacks", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("contract_id", String(36), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("due_on", Date, index=True, nullable=False),
    Column("done_at", UtcDateTime, nullable=True),
    Column("done_by", String(128), nullable=True),
    Column("note", String(2000), nullable=True),
    ForeignKeyConstraint(["tenant_id", "contract_id"], ["warranties.tenant_id", "warranties.contract_id"]),
)

#: 《报修记录、派工、验收、回访单》 (A04).
repairs = Table(
    "repairs", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("contract_id", String(36), index=True, nullable=False),
    Column("store", String(1), index=True, nullable=False),
    Column("item", String(200), nullable=False),
    Column("fault", String(2000), nullable=False),
    Column("scope", String(16), nullable=False),
    Column("urgent", Boolean, nullable=False),
    Column("address", String(300), nullable=False),
    Column("phone", String(32), nullable=False),
    Column("appointment", String(64), nullable=True),
    Column("repair_class", String(1), nullable=False),
    Column("status", String(16), index=True, nullable=False),
    Column("received_by", String(128), nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    Column("survey_due_on", Date, nullable=False),
    Column("responsibility", String(16), nullable=True),
    Column("multi_trade", Boolean, nullable=True),
    Column("surveyed_by", String(128), nullable=True),
    Column("surveyed_at", UtcDateTime, nullable=True),
    Column("due_on", Date, nullable=True),
    Column("customer_consent", Boolean, nullable=False),
    Column("crew", String(128), nullable=True),
    Column("dispatched_at", UtcDateTime, nullable=True),
    Column("completed_at", UtcDateTime, nullable=True),
    Column("customer_signed_by", String(100), nullable=True),
    Column("callback_due_on", Date, nullable=True),
    Column("called_back_at", UtcDateTime, nullable=True),
    Column("callback_note", String(2000), nullable=True),
    Column("satisfied", Boolean, nullable=True),
)

#: A05: a repair cost and its approvals.
repair_costs = Table(
    "repair_costs", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("repair_id", String(36), index=True, nullable=False),
    Column("amount", Numeric(14, 2), nullable=False),
    Column("description", String(500), nullable=False),
    Column("recorded_by", String(128), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("required", String(200), nullable=False),
    Column("approvals", String(200), nullable=False),
    Column("approved_at", UtcDateTime, nullable=True),
    #: Who pays, fixed at the last approval (A01, A05; the tenant's B-repair policy then); None before.
    Column("charged_to", String(32), nullable=True),
)

#: A04: the 17:00 not-returned list went out for a store and day (once).
not_returned_lists = Table(
    "repair_not_returned_lists", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("store", String(1), primary_key=True),
    Column("on", Date, primary_key=True),
    Column("repair_count", Integer, nullable=False),
    Column("listed_at", UtcDateTime, nullable=False),
)

#: PDFs aftercare rendered: the warranty cards (A01; P02 write-once).
aftercare_documents = Table(
    "aftercare_documents", metadata,
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

mapper_registry = registry(metadata=metadata)
mapper_registry.map_imperatively(AftercareDocument, aftercare_documents)
mapper_registry.map_imperatively(Holiday, holidays)
mapper_registry.map_imperatively(WarrantyCallback, warranty_callbacks)
mapper_registry.map_imperatively(Warranty, warranties, properties={
    "callbacks": relationship(WarrantyCallback, order_by=warranty_callbacks.c.seq, lazy="selectin",
                              cascade="all, delete-orphan"),
})
mapper_registry.map_imperatively(RepairCost, repair_costs, properties={})
mapper_registry.map_imperatively(Repair, repairs, properties={
    "costs": relationship(RepairCost, primaryjoin=repairs.c.id == repair_costs.c.repair_id,
                          foreign_keys=[repair_costs.c.repair_id], order_by=repair_costs.c.id, lazy="selectin",
                          cascade="all, delete-orphan"),
})
mapper_registry.map_imperatively(CustomerArchive, customer_archives)
mapper_registry.map_imperatively(Complaint, complaints)


aggregates(CustomerArchive, Complaint, Warranty, Repair)
