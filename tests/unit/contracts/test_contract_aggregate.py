"""The contract and quote aggregates enforce C01, C02, C04 and C05 themselves, without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from services.contracts.domain.document import Document, DocumentStatus
from services.contracts.domain.events import ContractSigned, QuoteIssued
from services.contracts.domain.model import REQUIRED_ATTACHMENTS, Contract, ContractStatus
from services.contracts.domain.quote import Quote, QuoteStatus
from services.contracts.domain.store import CatalogueItem, Lead
from shared.errors import Conflict, RuleViolation
from shared.identity.signatures import Signature

from .conftest import SIGNATURE

NOW = datetime(2025, 11, 22, 2, 0, tzinfo=UTC)
LEAD = Lead("lead-1", "A", "王芳", "朝阳区望京街 8 号", "designer-a")
DRAWING = Document(id="d-1", store="A", kind="contract_attachment", filename="a.pdf", content_type="application/pdf",
                   uploaded_by="designer-a", created_at=NOW, status=DocumentStatus.STORED)
PAINT = CatalogueItem("PAINT-01", "墙面乳胶漆(两底三面)", "m²", Decimal("32.00"), "painting")


def quote(*, issued: bool = True) -> Quote:
    q = Quote.draft(id="q-1", lead=LEAD, created_by="designer-a", created_at=NOW)
    q.add_item("PAINT-01", PAINT, Decimal("10"), field="items.0.catalogue_code")
    if issued:
        q.issue(at=NOW)
    return q


def contract(q: Quote, kinds: tuple[str, ...] = tuple(REQUIRED_ATTACHMENTS)) -> Contract:
    c = Contract.draft(id="c-1", lead=LEAD, quote=q, market_party=False, created_by="designer-a", created_at=NOW)
    for n, kind in enumerate(kinds):
        c.attach(kind, DRAWING, id=f"a-{n}", at=NOW)
    return c


def sign(c: Contract, q: Quote, *, ack: bool = True, numbers: list[int] | None = None) -> None:
    taken = numbers if numbers is not None else []

    def take_number() -> int:
        taken.append(len(taken) + 1)
        return taken[-1]

    c.sign(q, cost_notice_acknowledged=ack, signature=Signature.parse(SIGNATURE, field="customer_signature"),
           lead=LEAD, by="designer-a", at=NOW, day=date(2025, 11, 22), take_number=take_number)


def test_C01_sign_refuses_a_missing_attachment_and_takes_no_number() -> None:
    q = quote()
    c, taken = contract(q, kinds=("contract_notes",)), []
    with pytest.raises(RuleViolation) as err:
        sign(c, q, numbers=taken)
    assert (err.value.rule, err.value.field) == ("C01", "attachments") and taken == []
    assert c.status == ContractStatus.DRAFT and c.events == []


def test_C01_sign_refuses_a_quote_not_issued() -> None:
    draft = quote(issued=False)
    with pytest.raises(RuleViolation) as err:
        sign(contract(draft), draft)
    assert (err.value.rule, err.value.field) == ("C01", "quote_id")


def test_C05_sign_refuses_without_the_cost_notice() -> None:
    q = quote()
    with pytest.raises(RuleViolation) as err:
        sign(contract(q), q, ack=False)
    assert (err.value.rule, err.value.field) == ("C05", "cost_notice_acknowledged")


def test_C04_C07_sign_numbers_the_contract_and_records_its_announcement() -> None:
    q = quote()
    c = contract(q)
    sign(c, q)
    assert (c.status, c.number) == (ContractStatus.SIGNED, "A25112201")
    (event,) = c.events
    assert isinstance(event, ContractSigned) and event.number == "A25112201" and event.total == "320.00"
    with pytest.raises(Conflict):
        sign(c, q)
    with pytest.raises(Conflict):  # a signed contract's attachments never change
        c.attach("drawings", DRAWING, id="a-late", at=NOW)


def test_C02_an_issued_quote_takes_no_more_lines_and_is_announced_once() -> None:
    q = quote()
    assert q.status == QuoteStatus.ISSUED and [type(e) for e in q.events] == [QuoteIssued]
    with pytest.raises(Conflict) as err:
        q.add_item("PAINT-01", PAINT, Decimal("1"), field="items.0.catalogue_code")
    assert err.value.rule == "C02"
    with pytest.raises(RuleViolation) as err:
        quote(issued=False).add_item("GOLD-TAPS", None, Decimal("1"), field="items.0.catalogue_code")
    assert (err.value.rule, err.value.field) == ("C02", "items.0.catalogue_code")


def test_C04_a_cancelled_draft_records_why_and_can_never_be_signed() -> None:
    q = quote()
    c, taken = contract(q), []
    c.cancel("客户选择了其他公司", by="designer-a")
    assert c.status == ContractStatus.CANCELLED
    (cancelled,) = c.events
    assert (cancelled.event_type, cancelled.reason, cancelled.cancelled_by) == (
        "contract_cancelled", "客户选择了其他公司", "designer-a")
    with pytest.raises(Conflict) as err:
        sign(c, q, numbers=taken)
    assert err.value.field == "status" and taken == [], "a cancelled contract takes no number"
    with pytest.raises(Conflict):
        c.attach("drawings", DRAWING, id="a-x", at=NOW)


def test_a_signed_contract_cannot_be_cancelled() -> None:
    q = quote()
    c = contract(q)
    sign(c, q)
    with pytest.raises(Conflict) as err:
        c.cancel("改主意了", by="designer-a")
    assert err.value.field == "status" and c.status == ContractStatus.SIGNED


def test_C02_the_studio_manager_approves_a_special_item_once() -> None:
    q = Quote.draft(id="q-2", lead=LEAD, created_by="designer-a", created_at=NOW)
    q.add_item("PAINT-01", PAINT, Decimal("10"), field="items.0.catalogue_code")
    q.add_special(name="定制玄关柜", unit="项", unit_price=Decimal("3800.00"), quantity=Decimal("1"),
                  field="special_items.0")
    with pytest.raises(Conflict) as err:
        q.approve_special(1, by="studio_manager-a")  # a catalogue line needs no approval
    assert (err.value.rule, err.value.field) == ("C02", "line")
    line = q.approve_special(2, by="studio_manager-a")
    assert line.approval == "approved" and line.amount == Decimal("3800.00")
    assert q.events[-1].event_type == "special_item_approved"
    with pytest.raises(Conflict):
        q.approve_special(2, by="studio_manager-a")


def test_C02_a_contract_with_an_unapproved_special_item_is_not_signed() -> None:
    q = Quote.draft(id="q-3", lead=LEAD, created_by="designer-a", created_at=NOW)
    q.add_item("PAINT-01", PAINT, Decimal("10"), field="items.0.catalogue_code")
    q.add_special(name="定制玄关柜", unit="项", unit_price=Decimal("3800.00"), quantity=Decimal("1"),
                  field="special_items.0")
    q.issue(at=NOW)
    c, taken = contract(q), []
    with pytest.raises(RuleViolation) as err:
        sign(c, q, numbers=taken)
    assert (err.value.rule, err.value.field) == ("C02", "quote_id") and "定制玄关柜" in err.value.detail
    assert taken == [] and c.status == ContractStatus.DRAFT
    q.approve_special(2, by="studio_manager-a")
    sign(c, q, numbers=taken)
    assert c.status == ContractStatus.SIGNED and taken == [1]
