"""The base every service repository builds on: one tenant's rows, and nothing else (P01)."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from shared.errors import NotFound

T = TypeVar("T")


class TenantRepository:
    """Reads and writes inside the unit of work's tenant; every query filters on ``tenant_id``."""

    def __init__(self, session: Session, tenant_id: str) -> None:
        self.session = session
        self.tenant_id = tenant_id

    def add(self, row: Any) -> None:
        """Stage a new row, stamped with this tenant."""
        row.tenant_id = self.tenant_id
        self.session.add(row)

    def scoped(self, model: type[T]) -> Select[T]:
        """``SELECT`` of ``model`` limited to this tenant, to refine further."""
        return select(model).where(model.tenant_id == self.tenant_id)  # type: ignore[attr-defined]

    def get(self, model: type[T], row_id: str, *, what: str, lock: bool = False, field: str | None = None) -> T:
        """One row of this tenant by ``id``; another tenant's id is simply not found (404).

        ``lock`` takes the row lock (``FOR UPDATE``) so concurrent state changes serialise.
        """
        q = self.scoped(model).where(model.id == row_id)  # type: ignore[attr-defined]
        row = self.session.execute(q.with_for_update() if lock else q).scalar_one_or_none()
        if row is None:
            raise NotFound(f"{what} not found", field=field)
        return row
