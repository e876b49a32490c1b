"""The contracts database, mapped onto the domain's classes: every table carries ``tenant_id`` (P01).

Imperative mapping (cosmicpython): the tables are declared here and the plain classes of the
domain are mapped onto them, so the domain imports nothing of SQLAlchemy.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import registry, relationship

from services.contracts.domain.document import Document
from services.contracts.domain.model import Attachment, Contract
from services.contracts.domain.quote import Quote, QuoteLine
from services.contracts.domain.store import CatalogueItem, Lead, Store
from shared.clock import DEFAULT_TIMEZONE
from shared.persistence.db_types import UtcDateTime
from shared.persistence.mapping import aggregates
from shared.persistence.platform_tables import add_platform_tables
from shared.tenant_settings import add_tenant_settings

Money = Numeric(14, 2)

metadata = MetaData()
PLATFORM = add_platform_tables(metadata)
#: The newest settings snapshot the directory pushed (decision 0036).
TENANT_SETTINGS = add_tenant_settings(metadata)

stores = Table(
    "stores", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("code", String(1), primary_key=True),
    Column("timezone", String(64), nullable=False, default=DEFAULT_TIMEZONE),
)

catalogue_items = Table(
    "catalogue_items", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("code", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("unit", String(16), nullable=False),
    Column("unit_price", Money, nullable=False),
    Column("trade", String(32), nullable=False),
)

#: An uploaded file's record (the bytes are in the document store); see ``domain/document.py``.
documents = Table(
    "documents", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("store", String(1), nullable=True),
    Column("status", String(16), nullable=False, default="stored", server_default="stored"),
    Column("lead_id", String(36), nullable=True),
    Column("contract_id", String(36), nullable=True),
    Column("kind", String(64), nullable=False),
    Column("filename", String(255), nullable=False),
    Column("content_type", String(128), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("storage_key", String(255), nullable=False),
    Column("uploaded_by", String(128), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

#: What contracts knows of a sales lead, from the ``lead_registered`` event.
leads = Table(
    "leads", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("lead_id", String(36), primary_key=True),
    Column("store", String(1), nullable=False),
    Column("customer_name", String(100), nullable=False),
    Column("address", String(300), nullable=False),
    Column("designer", String(128), nullable=False),
)

quotes = Table(
    "quotes", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("lead_id", String(36), nullable=False),
    Column("store", String(1), nullable=False),
    Column("status", String(16), nullable=False, default="draft"),
    Column("total", Money, nullable=False),
    Column("created_by", String(128), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("issued_at", UtcDateTime, nullable=True),
)

quote_lines = Table(
    "quote_lines", metadata,
    Column("quote_id", ForeignKey("quotes.id"), primary_key=True),
    Column("line", Integer, primary_key=True),
    Column("tenant_id", String(64), nullable=False),
    Column("catalogue_code", String(32), nullable=True),
    Column("name", String(200), nullable=False),
    Column("unit", String(16), nullable=False),
    Column("unit_price", Money, nullable=False),
    Column("quantity", Numeric(12, 3), nullable=False),
    Column("amount", Money, nullable=False),
    Column("special", Boolean, nullable=False, default=False),
    Column("approval", String(16), nullable=False, default="not_needed"),
    #: C03 / Q09: what the item touches, and the permit document that allows an insulation wall.
    Column("structure", String(32), nullable=False, default="none", server_default="none"),
    Column("permit_document_id", String(36), nullable=True),
)

contracts = Table(
    "contracts", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("lead_id", String(36), nullable=False),
    Column("quote_id", ForeignKey("quotes.id"), nullable=False),
    Column("store", String(1), nullable=False),
    Column("status", String(16), nullable=False, default="draft"),
    Column("market_party", Boolean, nullable=False, default=False),
    Column("total", Money, nullable=False),
    Column("number", String(16), nullable=True),
    Column("signed_at", UtcDateTime, nullable=True),
    Column("signed_on", Date, nullable=True),
    Column("customer_signature", JSON, nullable=True),
    Column("cost_notice_acknowledged", Boolean, nullable=False, default=False),
    Column("created_by", String(128), nullable=False),
    Column("signed_by", String(128), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    # C04: a number is unique within its tenant (each tenant has its own store A).
    UniqueConstraint("tenant_id", "number", name="uq_contract_number"),
)

contract_attachments = Table(
    "contract_attachments", metadata,
    Column("id", String(36), primary_key=True),
    Column("contract_id", ForeignKey("contracts.id"), index=True, nullable=False),
    Column("tenant_id", String(64), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("document_id", ForeignKey("documents.id"), nullable=False),
    Column("added_at", UtcDateTime, nullable=False),
)

#: C04: the last number of a (tenant, store, local day), bumped in the signing transaction.
contract_number_counters = Table(
    "contract_number_counters", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("store", String(1), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("last", Integer, nullable=False),
)

mapper_registry = registry(metadata=metadata)
mapper_registry.map_imperatively(Store, stores)
mapper_registry.map_imperatively(CatalogueItem, catalogue_items)
mapper_registry.map_imperatively(Lead, leads)
mapper_registry.map_imperatively(Document, documents)
mapper_registry.map_imperatively(QuoteLine, quote_lines)
mapper_registry.map_imperatively(Quote, quotes, properties={
    "lines": relationship(QuoteLine, order_by=quote_lines.c.line, lazy="selectin"),
})
mapper_registry.map_imperatively(Attachment, contract_attachments)
mapper_registry.map_imperatively(Contract, contracts, properties={
    "attachments": relationship(Attachment, order_by=contract_attachments.c.added_at, lazy="selectin"),
})


aggregates(Quote, Contract)
