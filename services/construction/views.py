"""Plain-data answers of the construction service."""

from __future__ import annotations

from typing import Any

from services.construction.adapters.orm import ProjectRow, ProjectStepRow
from services.construction.domain.sequence import BY_NAME


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def project_summary(row: ProjectRow) -> dict[str, Any]:
    return {
        "id": row.id, "contract_id": row.contract_id, "number": row.number, "store": row.store,
        "customer_name": row.customer_name, "address": row.address, "designer": row.designer,
        "opened_on": row.opened_on.isoformat(), "status": row.status,
    }


def step(row: ProjectStepRow) -> dict[str, Any]:
    return {"step": row.step, "name": BY_NAME[row.step].title, "status": row.status, "percent": row.percent,
            "started_at": _iso(row.started_at), "started_by": row.started_by,
            "completed_at": _iso(row.completed_at), "completed_by": row.completed_by}


def project(row: ProjectRow) -> dict[str, Any]:
    return project_summary(row) | {
        "documents": [{"type": d.form_type, "name": d.name, "status": d.status, "document_id": d.document_id}
                      for d in row.documents],
        "steps": [step(s) for s in row.steps],
    }
