"""Every row of one tenant, exported or deleted, found from a database's SQLAlchemy metadata (PIPL).

A service declares the two operations with one line in its ``tenant_data.py``::

    OPERATIONS = tenant_data_operations(metadata)

The tables come from the metadata (each one with a ``tenant_id`` column, as P01 requires of every
table), not from a list, so a table added by a later migration is exported and deleted without
anyone remembering to add it here (decision 0031).
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import MetaData, Table, delete, select
from sqlalchemy.orm import Session

from shared.errors import Forbidden
from shared.identity.context import Principal
from shared.messaging.operations import Operation
from shared.persistence.sweeps import forget_enrolments

#: Roles that may read a tenant's export (the gateway's ``GET /api/v1/admin/export``).
EXPORT_ROLES = frozenset({"tenant_admin", "system"})


def tenant_tables_of(metadata: MetaData) -> list[Table]:
    """The tables holding tenant rows, parents before children (foreign-key order)."""
    return [t for t in metadata.sorted_tables if "tenant_id" in t.columns]


def export_rows(session: Session, metadata: MetaData, tenant_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of ``tenant_id`` in every tenant table, as JSON-ready dicts, by table name."""
    found: dict[str, list[dict[str, Any]]] = {}
    for table in tenant_tables_of(metadata):
        order = list(table.primary_key.columns) or list(table.columns)
        rows = session.execute(select(table).where(table.c.tenant_id == tenant_id).order_by(*order)).mappings()
        found[table.name] = [{key: jsonable(value) for key, value in row.items()} for row in rows]
    return found


def delete_rows(session: Session, metadata: MetaData, tenant_id: str) -> dict[str, int]:
    """Delete every row of ``tenant_id`` (children first); how many rows went, by table.

    The caller commits: one transaction, so a failure leaves the tenant whole rather than half gone.
    """
    counts: dict[str, int] = {}
    for table in reversed(tenant_tables_of(metadata)):
        result = session.execute(delete(table).where(table.c.tenant_id == tenant_id))
        counts[table.name] = int(result.rowcount or 0)  # type: ignore[attr-defined]
    return dict(sorted(counts.items()))


def jsonable(value: Any) -> Any:
    """A column value as JSON: money and dates as strings (the API's own form), bytes as base64."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


class ExportTenantData(BaseModel):
    """No fields: the tenant is the caller's."""

    model_config = ConfigDict(extra="forbid")


class DeleteTenantData(BaseModel):
    """No fields: the tenant is the caller's (the platform's operator context)."""

    model_config = ConfigDict(extra="forbid")


def tenant_data_operations(metadata: MetaData) -> tuple[Operation, Operation]:
    """The ``export_tenant_data`` and ``delete_tenant_data`` operations of a service's database."""

    def export_tenant_data(cmd: ExportTenantData, *, uow: Callable[..., Any], principal: Principal) -> dict[str, Any]:
        """Every row of the caller's tenant in this service's database, by table (PIPL export)."""
        if not principal.roles & EXPORT_ROLES:
            raise Forbidden("only tenant_admin may export the tenant's records")
        with uow() as u:
            return {"tenant_id": principal.tenant_id, "tables": export_rows(u.session, metadata, principal.tenant_id)}

    def delete_tenant_data(cmd: DeleteTenantData, *, uow: Callable[..., Any], principal: Principal) -> dict[str, Any]:
        """Delete every row of the tenant in this service's database (the operator's tenant deletion)."""
        # The platform only: ``renoflow tenants delete`` acts as Principal.system; no route exists.
        if principal.roles != frozenset({"system"}):
            raise Forbidden("only the platform's operator may delete a tenant")
        with uow() as u:
            counts = delete_rows(u.session, metadata, principal.tenant_id)
            u.commit()
        forget_enrolments(principal.tenant_id)  # its sweep_tenants rows went with the rest
        return {"tenant_id": principal.tenant_id, "deleted": counts}

    return (Operation(export_tenant_data, ExportTenantData), Operation(delete_tenant_data, DeleteTenantData))
