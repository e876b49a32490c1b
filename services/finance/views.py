"""Plain-data answers of the finance service (money as two-decimal strings)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from services.finance.adapters.orm import PaymentPlanRow, PaymentRow
from shared.money import money_str


def _money(amount: Decimal | None) -> str | None:
    return money_str(amount) if amount is not None else None


def payment_plan(row: PaymentPlanRow, paid: dict[str, Decimal]) -> dict[str, Any]:
    zero = Decimal("0")
    installments = [
        {"kind": i.kind, "name": i.name, "amount": _money(i.amount),
         "due_on": i.due_on.isoformat() if i.due_on else None, "status": i.status,
         "paid": money_str(paid.get(i.kind, zero)),
         "outstanding": _money(i.amount - paid.get(i.kind, zero) if i.amount is not None else None)}
        for i in row.installments
    ]
    scheduled = sum((i.amount for i in row.installments if i.amount is not None), zero)
    paid_on_plan = sum((paid.get(i.kind, zero) for i in row.installments), zero)
    return {
        "contract_id": row.contract_id, "number": row.number, "store": row.store,
        "customer_name": row.customer_name, "signed_on": row.signed_on.isoformat(),
        "first_installment_ratio": f"{row.first_installment_ratio.normalize():f}",
        "installments": installments,
        "totals": {"contract_total": money_str(row.total), "scheduled": money_str(scheduled),
                   "paid": money_str(paid_on_plan), "outstanding": money_str(row.total - paid_on_plan),
                   "deposits": money_str(paid.get("deposit", zero))},
    }


def payment(row: PaymentRow) -> dict[str, Any]:
    return {
        "id": row.id, "contract_id": row.contract_id, "store": row.store, "kind": row.kind,
        "amount": money_str(row.amount), "method": row.method, "note": row.note, "status": row.status,
        "received_by": row.received_by, "received_at": row.received_at.isoformat(),
        "confirmed_by": row.confirmed_by,
        "confirmed_at": row.confirmed_at.isoformat() if row.confirmed_at else None,
    }
