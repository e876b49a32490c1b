"""The construction database, mapped onto the domain's classes: every table carries ``tenant_id`` (P01).

Imperative mapping (cosmicpython): the tables are declared here and the plain classes of
``domain/model.py`` are mapped onto them, so the domain imports nothing of SQLAlchemy.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Integer, MetaData, String, Table, UniqueConstraint
from sqlalchemy.orm import registry, relationship

from services.construction.domain.model import Project, ProjectDocument, ProjectStep
from shared.persistence.db_types import UtcDateTime
from shared.persistence.mapping import aggregates
from shared.persistence.platform_tables import add_platform_tables

metadata = MetaData()
PLATFORM = add_platform_tables(metadata)

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

mapper_registry = registry(metadata=metadata)
mapper_registry.map_imperatively(ProjectDocument, project_documents)
mapper_registry.map_imperatively(ProjectStep, project_steps)
mapper_registry.map_imperatively(Project, projects, properties={
    "documents": relationship(ProjectDocument, order_by=project_documents.c.seq, lazy="selectin",
                              cascade="all, delete-orphan"),
    "steps": relationship(ProjectStep, order_by=project_steps.c.seq, lazy="selectin",
                          cascade="all, delete-orphan"),
})


aggregates(Project)
