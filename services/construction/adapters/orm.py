"""The construction database, mapped onto the domain's classes: every table carries ``tenant_id`` (P01).

Imperative mapping (cosmicpython): the tables are declared here and the plain classes of
``domain/model.py`` are mapped onto them, so the domain imports nothing of SQLAlchemy.
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

from services.construction.domain.callbacks import Callback
from services.construction.domain.inspection import Inspection, RectificationOrder, StandardAdoption
from services.construction.domain.model import Project, ProjectDocument, ProjectForm, ProjectStep
from shared.persistence.db_types import UtcDateTime
from shared.persistence.mapping import aggregates
from shared.persistence.platform_tables import add_platform_tables
from shared.persistence.sweeps import add_sweep_tenants
from shared.tenant_settings import add_tenant_settings

metadata = MetaData()
PLATFORM = add_platform_tables(metadata)
#: The newest settings snapshot the directory pushed (decision 0036).
TENANT_SETTINGS = add_tenant_settings(metadata)

#: 《在施工程一览表》 (projects in progress), opened on signing (K01).
projects = Table(
    "projects", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("contract_id", String(36), nullable=False),
    Column("number", String(16), nullable=False),
    Column("store", String(1), index=True, nullable=False),
    Column("customer_name", String(100), nullable=False),
    Column("address", String(300), nullable=False),
    Column("designer", String(128), nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("status", String(32), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("contract_total", Numeric(14, 2), nullable=False, default=0, server_default="0"),
    Column("final_paid_on", Date, nullable=True),
    Column("showcase_on", Date, nullable=True),
    Column("keys_handed_over_on", Date, nullable=True),
    #: F06: 《结算登记表》, once.
    Column("settlement_registered_on", Date, nullable=True),
    Column("settlement_registered_by", String(128), nullable=True),
    UniqueConstraint("tenant_id", "contract_id", name="uq_project_contract"),
)

#: 《工程资料明细单》: one form a project needs, and whether it is on file.
project_documents = Table(
    "project_documents", metadata,
    Column("project_id", ForeignKey("projects.id"), primary_key=True),
    Column("form_type", String(64), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("name", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("document_id", String(36), nullable=True),
)

#: One step of the construction sequence (K07) on one project.
project_steps = Table(
    "project_steps", metadata,
    Column("project_id", ForeignKey("projects.id"), primary_key=True),
    Column("step", String(64), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("percent", Integer, nullable=False, default=0),
    Column("started_at", UtcDateTime, nullable=True),
    Column("started_by", String(128), nullable=True),
    Column("completed_at", UtcDateTime, nullable=True),
    Column("completed_by", String(128), nullable=True),
)

#: A signed form of a project (P02): its data and signatures, and the PDF it was stored as.
project_forms = Table(
    "project_forms", metadata,
    Column("id", String(36), primary_key=True),
    Column("project_id", ForeignKey("projects.id"), index=True, nullable=False),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("form_type", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("supersedes", String(36), nullable=True),
    Column("superseded_by", String(36), nullable=True),
    Column("data", JSON, nullable=False),
    Column("signatures", JSON, nullable=False),
    Column("signed_at", UtcDateTime, nullable=False),
    Column("filed_by", String(128), nullable=False),
    Column("opens_gate", Boolean, nullable=False),
    Column("removals", Numeric(14, 2), nullable=False, default=0),
    Column("document_id", String(36), nullable=False),
    Column("storage_key", String(200), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("content_hash", String(64), nullable=False),
    UniqueConstraint("tenant_id", "document_id", name="uq_project_form_document"),
)

#: A QC inspection, decided under one version of the quality standard (K08).
inspections = Table(
    "inspections", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("project_id", ForeignKey("projects.id"), index=True, nullable=False),
    Column("store", String(1), nullable=False),
    Column("trade", String(32), nullable=False),
    Column("standard_version", String(16), nullable=False),
    Column("results", JSON, nullable=False),
    Column("passed", Boolean, nullable=False),
    Column("inspected_by", String(128), nullable=False),
    Column("inspected_at", UtcDateTime, nullable=False),
    #: The documents of the site photos taken during the inspection.
    Column("photos", JSON, nullable=False, default=list, server_default="[]"),
)

#: 《质量限期整改单》 (K08).
rectification_orders = Table(
    "rectification_orders", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("project_id", ForeignKey("projects.id"), index=True, nullable=False),
    Column("store", String(1), nullable=False),
    Column("inspection_id", ForeignKey("inspections.id"), nullable=False),
    Column("trade", String(32), nullable=False),
    Column("check_id", String(32), nullable=False),
    Column("clause", String(16), nullable=False),
    Column("due_on", Date, nullable=False),
    Column("penalty", Boolean, nullable=False),
    Column("status", String(16), nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("closed_at", UtcDateTime, nullable=True),
    Column("closed_by", String(128), nullable=True),
    Column("closing_inspection_id", String(36), nullable=True),
)

#: The version of the quality standard a tenant inspects under (none: the first version).
standard_adoptions = Table(
    "standard_adoptions", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("version", String(16), nullable=False),
    Column("adopted_at", UtcDateTime, nullable=False),
    Column("adopted_by", String(128), nullable=False),
)

#: K18: the weekly callbacks of the projects under construction, one per project and week.
construction_callbacks = Table(
    "construction_callbacks", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("project_id", ForeignKey("projects.id"), index=True, nullable=False),
    Column("contract_id", String(36), nullable=False),
    Column("store", String(1), index=True, nullable=False),
    Column("customer_name", String(100), nullable=False),
    Column("week", Date, nullable=False),
    Column("status", String(16), nullable=False),
    Column("scheduled_at", UtcDateTime, nullable=False),
    Column("called_by", String(128), nullable=True),
    Column("called_at", UtcDateTime, nullable=True),
    Column("outcome", String(1000), nullable=True),
    Column("complaint", Boolean, nullable=False, default=False),
    UniqueConstraint("tenant_id", "project_id", "week", name="uq_callback_week"),
)

#: The tenants the K18 timer sweeps (decision 0016): enrolled when their first project opens.
sweep_tenants = add_sweep_tenants(metadata)

mapper_registry = registry(metadata=metadata)
mapper_registry.map_imperatively(Callback, construction_callbacks)
mapper_registry.map_imperatively(ProjectForm, project_forms)
mapper_registry.map_imperatively(Inspection, inspections)
mapper_registry.map_imperatively(RectificationOrder, rectification_orders)
mapper_registry.map_imperatively(StandardAdoption, standard_adoptions)
mapper_registry.map_imperatively(ProjectDocument, project_documents)
mapper_registry.map_imperatively(ProjectStep, project_steps)
mapper_registry.map_imperatively(Project, projects, properties={
    "documents": relationship(ProjectDocument, order_by=project_documents.c.seq, lazy="selectin",
                              cascade="all, delete-orphan"),
    "steps": relationship(ProjectStep, order_by=project_steps.c.seq, lazy="selectin",
                          cascade="all, delete-orphan"),
    "forms": relationship(ProjectForm, order_by=(project_forms.c.signed_at, project_forms.c.version),
                          lazy="selectin", cascade="all, delete-orphan"),
})


aggregates(Project, Inspection, RectificationOrder, StandardAdoption)
