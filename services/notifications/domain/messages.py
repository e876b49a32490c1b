"""What each event says in the inbox: its kind, Chinese title, body, addressees and rule (F03, A06).

Plain functions from an event's fields to a :class:`Message`; the handlers store it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

INSTALLMENT_NAMES = {"deposit": "订金", "first": "首期款", "midterm": "中期款", "final": "尾款"}
NOTICE_TITLES = {"midterm": "中期交款通知书", "final": "尾期交款通知书"}
#: F03: a payment notice is presented by finance (or the cashier collecting on site).
NOTICE_ROLES = ("finance", "cashier")


@dataclass(frozen=True)
class Message:
    kind: str
    title: str
    body: str
    store: str | None
    roles: tuple[str, ...]
    rule: str | None
    subject_id: str | None


def payment_overdue(*, contract_id: str, number: str, store: str, kind: str, outstanding: str, due_on: date,
                    alert_roles: list[str]) -> Message:
    """F03: engineering and the general manager learn at once that money is missing."""
    name = INSTALLMENT_NAMES.get(kind, kind)
    return Message("payment_overdue", f"逾期未交{name}: 合同 {number}",
                   f"合同 {number} 的{name}应于 {due_on.isoformat()} 前交清, 尚欠 {outstanding} 元。请工程部查明原因。",
                   store, tuple(alert_roles), "F03", contract_id)


def payment_notice_issued(*, contract_id: str, number: str, store: str, kind: str, amount: str,
                          due_on: date) -> Message:
    """F03/F04: finance presents the payment notice to the customer."""
    title = NOTICE_TITLES.get(kind, kind)
    return Message("payment_notice_issued", f"《{title}》已签发: 合同 {number}",
                   f"合同 {number} 应交 {amount} 元, 截止 {due_on.isoformat()}。", store, NOTICE_ROLES,
                   "F03" if kind == "midterm" else "F04", contract_id)


def complaint_escalated(*, complaint_id: str, store: str, reason: str, detail: str, escalated_to: str) -> Message:
    """A06: a major complaint is reported to the general manager at once."""
    return Message("complaint_escalated", "重大投诉: 请总经理处理", f"{detail} ({reason})", store,
                   (escalated_to,), "A06", complaint_id)


def repairs_not_returned(*, store: str, on: date, repair_ids: list[str], alert_roles: list[str]) -> Message:
    """A04: at 17:00 the department head gets the repair orders not returned."""
    return Message("repairs_not_returned", f"{on.isoformat()} 17:00 未回单维修: {len(repair_ids)} 单",
                   "未回单的维修单: " + ", ".join(repair_ids), store, tuple(alert_roles), "A04", None)


def statement_produced(*, kind: str, title: str, store: str, period: str, document_id: str, total: str,
                       recipient_roles: list[str]) -> Message:
    """F05: a statement is ready (its XLSX is the document ``subject_id``)."""
    return Message("statement_produced", f"{title} {store} {period}", f"合计 {total} 元。", store,
                   tuple(recipient_roles), "F05", document_id)
