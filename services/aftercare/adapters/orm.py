"""The aftercare database, mapped onto the domain's classes: every table carries ``tenant_id`` (P01).

Imperative mapping (cosmicpython): the tables are declared here and the plain classes of
``domain/model.py`` are mapped onto them, so the domain imports nothing of SQLAlchemy.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, Integer, MetaData, String, Table, Text
from sqlalchemy.orm import registry

from services.aftercare.domain.model import Complaint, CustomerArchive
from shared.persistence.db_types import UtcDateTime
from shared.persistence.mapping import aggregates
from shared.persistence.platform_tables import add_platform_tables

metadata = MetaData()
PLATFORM = add_platform_tables(metadata)

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
)

#: The tenants with complaints, for the A06 sweep (a timer, outside any tenant): one row per
#: tenant, written by that tenant's first complaint. Row-level security applies as to every
#: tenant table; the relay role reads it across tenants (decision 0016), as it reads the outbox.
sweep_tenants = Table(
    "sweep_tenants", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("enrolled_at", UtcDateTime, nullable=False),
)

mapper_registry = registry(metadata=metadata)
mapper_registry.map_imperatively(CustomerArchive, customer_archives)
mapper_registry.map_imperatively(Complaint, complaints)


aggregates(CustomerArchive, Complaint)
