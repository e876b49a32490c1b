"""Plain-data answers of the sales service (money as two-decimal strings, times ISO 8601)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.sales.adapters.orm import DesignRow, EstimateRow, LeadRow, MeasurementRequestRow, MeasurementRow
from services.sales.domain.leads import CHANNELS, CONSULTATION_CHANNELS, SOURCES
from shared.money import money_str


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 with an offset; SQLite hands back naive datetimes that were stored as UTC."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def lead(row: LeadRow) -> dict[str, Any]:
    return {
        "id": row.id, "store": row.store, "status": row.status,
        "customer_name": row.customer_name, "phone": row.phone, "address": row.address,
        "source": row.source, "source_label": SOURCES[row.source],
        "channel": row.channel, "channel_label": CHANNELS[row.channel],
        "consultation_channel": row.consultation_channel,
        "consultation_channel_label": CONSULTATION_CHANNELS[row.consultation_channel],
        "notes": row.notes, "designer": row.designer, "assigned_queue": row.assigned_queue,
        "received_by": row.received_by, "created_at": iso(row.created_at),
        "deposit_paid": row.deposit_amount is not None,
        "deposit_amount": money_str(row.deposit_amount) if row.deposit_amount is not None else None,
        "confirmed_design_version": row.confirmed_design_version,
    }


def estimate(row: EstimateRow) -> dict[str, Any]:
    return {"id": row.id, "lead_id": row.lead_id, "store": row.store, "scope": row.scope,
            "items": row.items, "total": money_str(row.total), "created_by": row.created_by,
            "created_at": iso(row.created_at)}


def measurement_request(row: MeasurementRequestRow) -> dict[str, Any]:
    return {"id": row.id, "lead_id": row.lead_id, "store": row.store, "status": row.status,
            "requested_for": iso(row.requested_for), "requested_by": row.requested_by,
            "approved_by": row.approved_by, "scheduled_at": iso(row.scheduled_at),
            "created_at": iso(row.created_at)}


def measurement(row: MeasurementRow) -> dict[str, Any]:
    return {"id": row.id, "lead_id": row.lead_id, "store": row.store, "rooms": row.rooms,
            "walls": row.walls, "total_floor_area_m2": f"{row.total_floor_area:.2f}",
            "measured_by": row.measured_by, "measured_at": iso(row.measured_at)}


def design(row: DesignRow) -> dict[str, Any]:
    return {"id": row.id, "lead_id": row.lead_id, "store": row.store, "version": row.version,
            "status": row.status, "floor_plan_document_id": row.floor_plan_document_id,
            "budget_items": row.budget_items, "total": money_str(row.total),
            "created_by": row.created_by, "created_at": iso(row.created_at),
            "confirmed_by": row.confirmed_by, "confirmed_at": iso(row.confirmed_at),
            # The signature image stays in the record; answers carry who signed, not the picture.
            "customer_signature": ({"name": row.customer_signature["name"],
                                    "role": row.customer_signature["role"]}
                                   if row.customer_signature else None)}
