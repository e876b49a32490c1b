"""Plain-data answers of the contracts service (money as two-decimal strings)."""

from __future__ import annotations

from typing import Any

from services.contracts.adapters.orm import CatalogueItemRow, ContractRow, DocumentRow, QuoteRow
from services.contracts.domain.model import copies, missing_attachments
from shared.money import money_str


def catalogue_item(row: CatalogueItemRow) -> dict[str, Any]:
    return {"code": row.code, "name": row.name, "unit": row.unit,
            "unit_price": money_str(row.unit_price), "trade": row.trade}


def document(row: DocumentRow) -> dict[str, Any]:
    return {"id": row.id, "kind": row.kind, "filename": row.filename, "content_type": row.content_type,
            "sha256": row.sha256, "size": row.size, "store": row.store, "lead_id": row.lead_id,
            "contract_id": row.contract_id, "created_at": row.created_at.isoformat()}


def quote(row: QuoteRow) -> dict[str, Any]:
    return {
        "id": row.id, "lead_id": row.lead_id, "store": row.store, "status": row.status,
        "total": money_str(row.total),
        "issued_at": row.issued_at.isoformat() if row.issued_at else None,
        "items": [
            {"line": ln.line, "catalogue_code": ln.catalogue_code, "name": ln.name, "unit": ln.unit,
             "unit_price": money_str(ln.unit_price), "quantity": f"{ln.quantity.normalize():f}",
             "amount": money_str(ln.amount), "special": ln.special, "approval": ln.approval}
            for ln in row.lines
        ],
    }


def contract(row: ContractRow) -> dict[str, Any]:
    kinds = [a.kind for a in row.attachments]
    return {
        "id": row.id, "lead_id": row.lead_id, "quote_id": row.quote_id, "store": row.store,
        "status": row.status, "number": row.number, "total": money_str(row.total),
        "market_party": row.market_party, "copies": copies(row.market_party),
        "signed_at": row.signed_at.isoformat() if row.signed_at else None,
        "signed_on": row.signed_on.isoformat() if row.signed_on else None,
        "cost_notice_acknowledged": row.cost_notice_acknowledged,
        "attachments": [{"id": a.id, "kind": a.kind, "document_id": a.document_id} for a in row.attachments],
        "missing_attachments": missing_attachments(kinds),
    }
