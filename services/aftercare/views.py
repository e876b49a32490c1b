"""Plain-data answers of the aftercare service (times as ISO 8601 strings)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.aftercare.adapters.orm import ComplaintRow, CustomerArchiveRow
from services.aftercare.domain import complaints


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def complaint(row: ComplaintRow, now: datetime) -> dict[str, Any]:
    """A complaint with its A06 overdue flags as of ``now``; no customer personal data (A07)."""
    return {
        "id": row.id, "contract_id": row.contract_id, "store": row.store, "text": row.text,
        "customers_affected": row.customers_affected, "matter": row.matter, "status": row.status,
        "validity": row.validity, "severity": row.severity,
        "severity_name": complaints.SEVERITIES.get(row.severity or ""),
        "received_by": row.received_by, "received_at": row.received_at.isoformat(),
        "pass_on_by": row.pass_on_by.isoformat(), "answer_by": row.answer_by.isoformat(),
        "pass_on_overdue": complaints.pass_on_overdue(row.status, row.pass_on_by, now),
        "answer_overdue": complaints.answer_overdue(row.status, row.answer_by, now),
        "classified_by": row.classified_by, "classified_at": _iso(row.classified_at),
        "passed_on_to": {"department": row.passed_on_to_department, "person": row.passed_on_to_person,
                         "note": row.pass_on_note} if row.passed_on_at else None,
        "passed_on_by": row.passed_on_by, "passed_on_at": _iso(row.passed_on_at),
        "answer": row.answer, "answered_by": row.answered_by, "answered_at": _iso(row.answered_at),
        "escalated": row.escalated_at is not None, "escalated_at": _iso(row.escalated_at),
        "escalated_to": row.escalated_to, "escalation_reason": row.escalation_reason,
        "resolution": row.resolution, "resolved_by": row.resolved_by, "resolved_at": _iso(row.resolved_at),
    }


def archive(row: CustomerArchiveRow, rows: list[ComplaintRow], now: datetime) -> dict[str, Any]:
    """《客户档案表》 with the complaint records that go with it (A02, A06)."""
    return {
        "contract_id": row.contract_id, "number": row.number, "store": row.store,
        "customer_name": row.customer_name, "address": row.address, "designer": row.designer,
        "signed_on": row.signed_on.isoformat(), "opened_at": row.opened_at.isoformat(),
        "complaints": [complaint(c, now) for c in rows],
    }
