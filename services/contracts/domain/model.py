"""The contract aggregate (《家庭居室装饰装修工程施工合同》): its attachments and its signing.

Plain Python: the adapters map these classes onto the tables (SQLAlchemy imperative mapping), so
the rules live on the objects the use cases load and save. State changes record their domain
events on ``events``; the use case publishes them through its unit of work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from services.contracts.domain.document import Document
from services.contracts.domain.events import ContractCancelled, ContractSigned
from services.contracts.domain.numbering import ContractNumber
from services.contracts.domain.quote import Approval, Quote, QuoteStatus
from services.contracts.domain.store import Lead
from shared.errors import Conflict, InvalidInput, NotFound, RuleViolation
from shared.identity.signatures import Signature
from shared.messaging.events import Event
from shared.money import money_str

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


class ContractStatus(StrEnum):
    DRAFT = "draft"
    #: Signed and numbered (C04); its attachments never change again.
    SIGNED = "signed"
    #: The customer decided against it before signing; it takes no number and no attachment.
    CANCELLED = "cancelled"


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


def copies(market_party: bool) -> int:
    """C06: two copies (customer, company), three when a market is party to the contract."""
    return 3 if market_party else 2


class Attachment:
    """One of the C01 documents, attached to a draft contract."""

    def __init__(self, *, id: str, kind: str, document_id: str, added_at: datetime) -> None:
        self.id, self.kind, self.document_id, self.added_at = id, kind, document_id, added_at


class Contract:
    """A contract on an issued quote of one lead, drawn up as a draft and signed once (C01–C07)."""

    events: list[Event]
    attachments: list[Attachment]
    number: str | None
    signed_at: datetime | None
    signed_on: date | None
    signed_by: str | None
    customer_signature: dict[str, Any] | None

    def __init__(self, *, id: str, lead_id: str, quote_id: str, store: str, total: Decimal, created_by: str,
                 created_at: datetime, market_party: bool = False,
                 status: ContractStatus = ContractStatus.DRAFT) -> None:
        self.id, self.lead_id, self.quote_id, self.store, self.total = id, lead_id, quote_id, store, total
        self.market_party, self.status, self.created_by, self.created_at = market_party, status, created_by, created_at
        self.number, self.signed_at, self.signed_on, self.signed_by = None, None, None, None
        self.customer_signature, self.cost_notice_acknowledged = None, False
        self.attachments = []
        self.events = []

    @classmethod
    def draft(cls, *, id: str, lead: Lead, quote: Quote, market_party: bool, created_by: str,
              created_at: datetime) -> Contract:
        """A draft contract for the lead, at the total of its quote."""
        if quote.lead_id != lead.lead_id:
            raise InvalidInput("the quote belongs to another lead", field="quote_id")
        return cls(id=id, lead_id=lead.lead_id, quote_id=quote.id, store=lead.store, total=quote.total,
                   market_party=market_party, created_by=created_by, created_at=created_at)

    @property
    def copies(self) -> int:
        """C06: how many copies are signed."""
        return copies(self.market_party)

    @property
    def missing_attachments(self) -> list[str]:
        """C01: the attachment kinds still lacking, in the order of the contract."""
        return missing_attachments(a.kind for a in self.attachments)

    def attach(self, kind: str, document: Document | None, *, id: str, at: datetime) -> Attachment:
        """Attach one of the C01 documents; ``document`` is None when the caller may not see it."""
        check_attachment_kind(kind)
        if self.status != ContractStatus.DRAFT:
            raise Conflict(f"a {self.status} contract's attachments cannot change", field="status")
        # Another store's document would be shown to this store's staff through the contract.
        if document is None or document.store != self.store:
            raise NotFound("document not found", field="document_id")
        attachment = Attachment(id=id, kind=kind, document_id=document.id, added_at=at)
        self.attachments.append(attachment)
        return attachment

    def check_can_sign(self, quote: Quote, *, cost_notice_acknowledged: bool) -> None:
        """The signing rules, in the order a studio checks them: state, C01, then C05."""
        if self.status != ContractStatus.DRAFT:
            raise Conflict(f"the contract is already {self.status}", field="status")
        missing = self.missing_attachments
        if missing:
            names = "、".join(f"{REQUIRED_ATTACHMENTS[k]} ({k})" for k in missing)
            raise RuleViolation(f"attachments missing before signing: {names}", rule="C01", field="attachments")
        if quote.status != QuoteStatus.ISSUED:
            raise RuleViolation("the quote (报价单) must be issued before signing", rule="C01", field="quote_id")
        pending = [ln.name for ln in quote.lines if ln.approval == Approval.PENDING]
        if pending:
            raise RuleViolation(f"special items await the studio manager's approval: {'、'.join(pending)}",
                                rule="C02", field="quote_id")
        if cost_notice_acknowledged is not True:
            raise RuleViolation(
                "the customer must be told that site water/electricity, property fees and the property "
                "deposit are the customer's (施工水电费、物业管理费及物业押金由客户承担)",
                rule="C05", field="cost_notice_acknowledged",
            )

    def sign(self, quote: Quote, *, cost_notice_acknowledged: bool, signature: Signature, lead: Lead | None,
             by: str, at: datetime, day: date, take_number: Callable[[], int]) -> ContractNumber:
        """Sign on the store's local ``day``: C01 and C05 first, then the day's next number (C04).

        ``take_number`` is called only once the rules hold, so a refused signing uses no number.
        The signing is announced the day it happens (C07).
        """
        self.check_can_sign(quote, cost_notice_acknowledged=cost_notice_acknowledged)
        number = ContractNumber(self.store, day, take_number())
        self.status, self.number = ContractStatus.SIGNED, str(number)
        self.signed_at, self.signed_on, self.signed_by = at, day, by
        self.customer_signature = signature.to_data()
        self.cost_notice_acknowledged = True
        self.events.append(ContractSigned(
            contract_id=self.id, number=str(number), lead_id=self.lead_id, quote_id=self.quote_id,
            store=self.store, customer_name=lead.customer_name if lead else "",
            address=lead.address if lead else "", designer=lead.designer if lead else by,
            total=money_str(self.total), signed_at=at.isoformat(), signed_on=day.isoformat(),
            market_party=self.market_party,
        ))
        return number

    def cancel(self, reason: str, *, by: str) -> None:
        """A draft the customer decided against is cancelled; a signed contract is not a draft to drop."""
        if self.status != ContractStatus.DRAFT:
            raise Conflict(f"only a draft contract can be cancelled; this one is {self.status}", field="status")
        self.status = ContractStatus.CANCELLED
        self.events.append(ContractCancelled(contract_id=self.id, lead_id=self.lead_id, store=self.store,
                                             reason=reason, cancelled_by=by))
