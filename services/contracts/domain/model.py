"""Quotes and contracts, and the rules that decide whether they may change or be signed."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from shared.errors import Conflict, InvalidInput, RuleViolation

#: The attachments a contract needs before signing (C01), with their Chinese names.
REQUIRED_ATTACHMENTS: dict[str, str] = {
    "contract_notes": "合同说明",
    "agreed_terms": "约定条款",
    "customer_supplied_materials": "甲供材表",
    "company_supplied_materials": "乙供材表",
    "drawings": "图纸",
    "customer_notice": "客户须知",
    "customer_service_form": "客户服务表",
}


def check_attachment_kind(kind: str) -> None:
    """Only the attachment kinds of C01 exist."""
    if kind not in REQUIRED_ATTACHMENTS:
        raise InvalidInput(
            f"unknown attachment kind {kind!r}; one of {', '.join(REQUIRED_ATTACHMENTS)}",
            rule="C01", field="kind",
        )


def missing_attachments(present: Iterable[str]) -> list[str]:
    """The attachment kinds of C01 that a contract still lacks, in the order of the contract."""
    have = set(present)
    return [kind for kind in REQUIRED_ATTACHMENTS if kind not in have]


def check_can_sign(
    *, status: str, attachment_kinds: Iterable[str], quote_status: str, cost_notice_acknowledged: bool
) -> None:
    """The signing rules, in the order a studio checks them: state, C01, then C05."""
    if status != "draft":
        raise Conflict("the contract is already signed", field="status")
    missing = missing_attachments(attachment_kinds)
    if missing:
        names = "、".join(f"{REQUIRED_ATTACHMENTS[k]} ({k})" for k in missing)
        raise RuleViolation(f"attachments missing before signing: {names}", rule="C01", field="attachments")
    if quote_status != "issued":
        raise RuleViolation("the quote (报价单) must be issued before signing", rule="C01", field="quote_id")
    if cost_notice_acknowledged is not True:
        raise RuleViolation(
            "the customer must be told that site water/electricity, property fees and the property "
            "deposit are the customer's (施工水电费、物业管理费及物业押金由客户承担)",
            rule="C05", field="cost_notice_acknowledged",
        )


def copies(market_party: bool) -> int:
    """C06: two copies (customer, company), three when a market is party to the contract."""
    return 3 if market_party else 2


def check_quote_editable(status: str) -> None:
    """C02: an issued electronic quote (电子报价单) never changes."""
    if status != "draft":
        raise Conflict("an issued quote cannot change; append a special item instead", rule="C02",
                       field="quote_id")


def line_amount(unit_price: Decimal, quantity: Decimal) -> Decimal:
    """A quote line's amount, in cents."""
    return (unit_price * quantity).quantize(Decimal("0.01"))
