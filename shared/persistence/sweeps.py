"""The tenants a timer sweeps: a service's ``sweep_tenants`` table, enrolling into it, reading it.

A timer runs outside any tenant (decision 0016), so a service keeps one row per tenant that has
something for its timers, written inside that tenant's first transaction that needs one.
Row-level security applies as to every tenant table; the relay role reads it across tenants.
"""

from __future__ import annotations

from sqlalchemy import Column, MetaData, String, Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.clock import utcnow
from shared.persistence.db import ServiceDatabase
from shared.persistence.db_types import UtcDateTime


def add_sweep_tenants(metadata: MetaData) -> Table:
    """Declare the ``sweep_tenants`` table on a service's metadata."""
    return Table(
        "sweep_tenants", metadata,
        Column("tenant_id", String(64), primary_key=True),
        Column("enrolled_at", UtcDateTime, nullable=False),
    )


def enroll_tenant(session: Session, table: Table, tenant_id: str) -> None:
    """Enrol ``tenant_id`` in the sweep, once (a second enrolment changes nothing)."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(insert(table).values(tenant_id=tenant_id, enrolled_at=utcnow())
                    .on_conflict_do_nothing(index_elements=["tenant_id"]))


def tenants_to_sweep(platform_db: ServiceDatabase, table: Table) -> list[str]:
    """Every enrolled tenant, in id order (read as the relay role, across tenants)."""
    with platform_db.sessions() as session:
        return list(session.execute(select(table.c.tenant_id).order_by(table.c.tenant_id)).scalars())
