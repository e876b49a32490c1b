"""The electronic quote (电子报价单): catalogue lines and special items, immutable once issued (C02)."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from services.contracts.domain.events import QuoteIssued, SpecialItemApproved
from services.contracts.domain.store import CatalogueItem, Lead
from shared.errors import Conflict, NotFound, RuleViolation
from shared.messaging.events import Event
from shared.money import money_str
from shared.structure import Structure, check_structure


class QuoteStatus(StrEnum):
    DRAFT = "draft"
    #: Shown to the customer: it never changes again (C02).
    ISSUED = "issued"


class Approval(StrEnum):
    """Whether a line waits for the studio manager's approval (C02: special items do)."""

    NOT_NEEDED = "not_needed"
    PENDING = "pending"
    #: The studio manager agreed the special item (with the engineering manager, C02).
    APPROVED = "approved"


#: C08 (免收设计费): a line that charges for the design, by the words a quote would use for it.
DESIGN_FEE = re.compile(r"设计费|设计收费|设计服务费|design\s*fees?", re.IGNORECASE)


def check_design_is_free(name: str, unit_price: Decimal, *, field: str) -> None:
    """C08: design is free for a customer who builds with the company; a quote never charges for it."""
    if unit_price > 0 and DESIGN_FEE.search(name):
        raise RuleViolation(f"{name}: 免收设计费 — design is free for customers who build with the company",
                            rule="C08", field=field)


def line_amount(unit_price: Decimal, quantity: Decimal) -> Decimal:
    """A quote line's amount, in cents."""
    return (unit_price * quantity).quantize(Decimal("0.01"))


class QuoteLine:
    """One line of a quote: a catalogue item at its price of the day, or a special item."""

    def __init__(self, *, line: int, catalogue_code: str | None, name: str, unit: str, unit_price: Decimal,
                 quantity: Decimal, special: bool = False, approval: Approval = Approval.NOT_NEEDED,
                 structure: Structure = Structure.NONE, permit_document_id: str | None = None) -> None:
        self.line, self.catalogue_code, self.name, self.unit = line, catalogue_code, name, unit
        self.unit_price, self.quantity, self.amount = unit_price, quantity, line_amount(unit_price, quantity)
        self.special, self.approval = special, approval
        #: What the item touches of the building (C03, Q09), and the permit that allows it.
        self.structure, self.permit_document_id = structure, permit_document_id


class Quote:
    """A quote for one lead of one store, drafted line by line and then issued."""

    events: list[Event]
    lines: list[QuoteLine]

    def __init__(self, *, id: str, lead_id: str, store: str, created_by: str, created_at: datetime,
                 status: QuoteStatus = QuoteStatus.DRAFT, total: Decimal = Decimal("0"),
                 issued_at: datetime | None = None) -> None:
        self.id, self.lead_id, self.store, self.status, self.total = id, lead_id, store, status, total
        self.created_by, self.created_at, self.issued_at = created_by, created_at, issued_at
        self.lines = []
        self.events = []

    @classmethod
    def draft(cls, *, id: str, lead: Lead, created_by: str, created_at: datetime) -> Quote:
        """An empty draft for the lead, in the lead's store."""
        return cls(id=id, lead_id=lead.lead_id, store=lead.store, created_by=created_by, created_at=created_at)

    def check_editable(self) -> None:
        """C02: an issued electronic quote never changes."""
        if self.status != QuoteStatus.DRAFT:
            raise Conflict("an issued quote cannot change; append a special item instead", rule="C02",
                           field="quote_id")

    def _append(self, line: QuoteLine) -> None:
        self.lines.append(line)
        self.total = sum((ln.amount for ln in self.lines), Decimal("0"))

    def add_item(self, code: str, price: CatalogueItem | None, quantity: Decimal, *, field: str,
                 structure: Structure = Structure.NONE, permit_document_id: str | None = None) -> None:
        """C02: a catalogue item at the tenant's price; an item outside the catalogue is refused.

        C03 / Q09: an item touching what may never change is refused, an insulation wall needs
        its permit (``field`` is the line's ``catalogue_code``; the error names the line's
        ``structure`` or ``permit_document_id`` beside it).
        """
        self.check_editable()
        if price is None:
            raise RuleViolation(f"{code} is not in the price catalogue; add it as a special item",
                                rule="C02", field=field)
        line = field.rsplit(".", 1)[0]
        check_design_is_free(price.name, price.unit_price, field=field)
        check_structure(structure, permit_document_id=permit_document_id, item=price.name,
                        field=f"{line}.structure", permit_field=f"{line}.permit_document_id")
        self._append(QuoteLine(line=len(self.lines) + 1, catalogue_code=price.code, name=price.name,
                               unit=price.unit, unit_price=price.unit_price, quantity=quantity,
                               structure=structure, permit_document_id=permit_document_id))

    def add_special(self, *, name: str, unit: str, unit_price: Decimal, quantity: Decimal, field: str,
                    structure: Structure = Structure.NONE, permit_document_id: str | None = None) -> None:
        """C02: an item outside the catalogue, priced by the studio, waiting for its manager's approval.

        C03 / Q09 as for catalogue items; ``field`` names the special line (``special_items.0``).
        """
        self.check_editable()
        check_design_is_free(name, unit_price, field=f"{field}.name")
        check_structure(structure, permit_document_id=permit_document_id, item=name,
                        field=f"{field}.structure", permit_field=f"{field}.permit_document_id")
        self._append(QuoteLine(line=len(self.lines) + 1, catalogue_code=None, name=name, unit=unit,
                               unit_price=unit_price, quantity=quantity, special=True, approval=Approval.PENDING,
                               structure=structure, permit_document_id=permit_document_id))

    def approve_special(self, line: int, *, by: str) -> QuoteLine:
        """C02: the studio manager approves a special item; approving changes no price or quantity."""
        found = next((ln for ln in self.lines if ln.line == line), None)
        if found is None:
            raise NotFound(f"the quote has no line {line}", field="line")
        if not found.special:
            raise Conflict(f"line {line} is a catalogue item; only special items need approval", rule="C02",
                           field="line")
        if found.approval != Approval.PENDING:
            raise Conflict(f"line {line} is already {found.approval}", rule="C02", field="line")
        found.approval = Approval.APPROVED
        self.events.append(SpecialItemApproved(quote_id=self.id, store=self.store, line=line, name=found.name,
                                               amount=money_str(found.amount), approved_by=by))
        return found

    def issue(self, *, at: datetime) -> None:
        """Issue the quote to the customer; from now on it never changes (C02)."""
        self.check_editable()
        self.status, self.issued_at = QuoteStatus.ISSUED, at
        self.events.append(QuoteIssued(quote_id=self.id, lead_id=self.lead_id, store=self.store,
                                       total=money_str(self.total)))
