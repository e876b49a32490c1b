"""F02–F04: installment amounts from signed settlements, the payment notices, the overdue alert (F03)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from services.finance import application as app
from services.finance.adapters.orm import PLATFORM
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from shared.ids import new_id
from tests.unit.forms.signing import signature_png

from .conftest import Books, completion_accepted, completion_settlement_signed, midterm_settlement_signed, staff

SIGNATURE = {"name": "王芳", "role": "customer", "image": signature_png()}


def plan(books: Books, role: str = "finance") -> dict[str, Any]:
    return books.call("get_payment_plan", staff(role), contract_id="c-1")


def inst(books: Books, kind: str) -> dict[str, Any]:
    return next(i for i in plan(books)["installments"] if i["kind"] == kind)


def outbox(books: Books, event_type: str) -> list[dict[str, Any]]:
    with books.db.sessions() as s:
        return [dict(p) for p in s.execute(select(PLATFORM.outbox.c.payload)
                                           .where(PLATFORM.outbox.c.event_type == event_type)
                                           .order_by(PLATFORM.outbox.c.seq)).scalars()]


def pay(books: Books, kind: str, amount: str, role: str = "finance") -> dict[str, Any]:
    return books.call("record_payment", staff(role), idempotency_key=new_id(), contract_id="c-1", kind=kind,
                      amount=amount, method="bank_transfer")


def test_F02_F03_signed_midterm_settlement_sets_the_amount_and_issues_the_notice(books: Books) -> None:
    books.sign()
    event = midterm_settlement_signed(amount="30000.00", signed_on="2025-12-20")
    books.deliver(event)
    books.deliver(event)  # a redelivery changes nothing (P03)
    midterm = inst(books, "midterm")
    assert (midterm["amount"], midterm["due_on"], midterm["status"]) == ("30000.00", "2025-12-23", "due")
    assert midterm["notice"] == {"kind": "midterm", "title": "《中期交款通知书》", "issued_on": "2025-12-20",
                                 "due_on": "2025-12-23", "document_id": None, "signed_by": None, "signed_at": None}
    [issued] = outbox(books, "payment_notice_issued")
    assert (issued["kind"], issued["amount"], issued["due_on"]) == ("midterm", "30000.00", "2025-12-23")
    pay(books, "midterm", "30000.00")
    assert inst(books, "midterm")["status"] == "paid"


def test_F02_the_same_settlement_announced_again_is_applied_once(books: Books) -> None:
    books.sign()
    books.deliver(midterm_settlement_signed(document_id="doc-1"))
    books.deliver(midterm_settlement_signed(document_id="doc-1", amount="99999.00"))  # new event id, same form
    assert inst(books, "midterm")["amount"] == "30000.00"
    assert len(outbox(books, "payment_notice_issued")) == 1


def test_F02_a_corrected_settlement_sets_the_new_amount_and_reissues_the_notice(books: Books) -> None:
    books.sign()
    books.deliver(midterm_settlement_signed(document_id="doc-1"))
    books.deliver(midterm_settlement_signed(document_id="doc-2", amount="31000.00", signed_on="2025-12-21"))
    midterm = inst(books, "midterm")
    assert (midterm["amount"], midterm["due_on"], midterm["notice"]["issued_on"]) == (
        "31000.00", "2025-12-24", "2025-12-21")
    assert len(outbox(books, "payment_notice_issued")) == 2


def test_F02_a_settlement_without_a_real_amount_is_refused(books: Books) -> None:
    books.sign()
    for amount in ("0.00", "-5.00", "1.005"):
        with pytest.raises(InvalidInput) as err:
            books.deliver(midterm_settlement_signed(amount=amount))
        assert err.value.rule == "F02"
    assert inst(books, "midterm")["amount"] is None


def test_F02_a_settlement_before_the_plan_is_retried_not_lost(books: Books) -> None:
    with pytest.raises(NotFound):
        books.deliver(midterm_settlement_signed())


def test_F04_final_amount_from_the_completion_settlement_due_3_days_after_acceptance(books: Books) -> None:
    books.sign()
    books.deliver(completion_settlement_signed(amount="12000.00", signed_on="2026-02-09"))
    final = inst(books, "final")
    assert (final["amount"], final["due_on"], final["notice"]) == ("12000.00", None, None)
    books.deliver(completion_accepted(accepted_on="2026-02-10"))
    final = inst(books, "final")
    assert (final["due_on"], final["status"], final["notice"]["title"]) == ("2026-02-13", "due", "《尾期交款通知书》")
    assert final["notice"]["issued_on"] == "2026-02-10"


def test_F04_acceptance_before_the_settlement_issues_the_notice_when_the_amount_comes(books: Books) -> None:
    books.sign()
    books.deliver(completion_accepted(accepted_on="2026-02-10"))
    final = inst(books, "final")
    assert (final["amount"], final["due_on"], final["status"], final["notice"]) == (None, "2026-02-13", "pending", None)
    books.deliver(completion_settlement_signed(amount="12000.00", signed_on="2026-02-11"))
    final = inst(books, "final")
    assert (final["amount"], final["due_on"], final["notice"]["issued_on"]) == ("12000.00", "2026-02-13", "2026-02-11")


def test_F03_the_customer_signs_the_midterm_notice_once_it_is_issued(books: Books) -> None:
    books.sign()
    with pytest.raises(Conflict) as err:
        books.call("sign_payment_notice", staff("finance"), contract_id="c-1", kind="midterm",
                   customer_signature=SIGNATURE)
    assert err.value.rule == "F03"
    books.deliver(midterm_settlement_signed())
    signed = books.call("sign_payment_notice", staff("finance"), contract_id="c-1", kind="midterm",
                        customer_signature=SIGNATURE)
    notice = next(i for i in signed["installments"] if i["kind"] == "midterm")["notice"]
    assert notice["signed_by"] == "王芳" and notice["signed_at"]
    # P02: the signed notice is a PDF finance keeps, whose bytes match its recorded hash.
    content = books.call("document_content", staff("finance"), document_id=notice["document_id"])
    assert (content["kind"], content["content_type"]) == ("midterm_payment_notice", "application/pdf")
    pdf = books.documents.get("demo", content["storage_key"])
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == content["sha256"]
    with pytest.raises(NotFound):
        books.call("document_content", staff("finance", "B"), document_id=notice["document_id"])
    with pytest.raises(NotFound):
        books.call("document_content", staff("finance", tenant="other"), document_id=notice["document_id"])
    with pytest.raises(Conflict):
        books.call("sign_payment_notice", staff("finance"), contract_id="c-1", kind="midterm",
                   customer_signature=SIGNATURE)


def test_F03_notice_signing_checks_role_store_tenant_and_input(books: Books) -> None:
    books.sign()
    books.deliver(midterm_settlement_signed())
    with pytest.raises(Forbidden) as err:
        books.call("sign_payment_notice", staff("designer"), contract_id="c-1", kind="midterm",
                   customer_signature=SIGNATURE)
    assert err.value.rule == "F03"
    for principal in (staff("finance", "B"), staff("finance", tenant="other")):
        with pytest.raises(NotFound):
            books.call("sign_payment_notice", principal, contract_id="c-1", kind="midterm",
                       customer_signature=SIGNATURE)
    for bad in ({"kind": "first"}, {"customer_signature": {"name": "王芳"}}, {"customer_signature": "x"}):
        with pytest.raises(InvalidInput):
            books.call("sign_payment_notice", staff("finance"), **({"contract_id": "c-1", "kind": "midterm",
                                                                     "customer_signature": SIGNATURE} | bad))


def at(day: str, hour: int = 12) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+08:00").astimezone(UTC)


def test_F03_money_not_in_by_the_due_date_alerts_engineering_and_the_gm_once(books: Books) -> None:
    books.sign(total="100000.00")
    pay(books, "first", "60000.00")
    books.deliver(midterm_settlement_signed(amount="30000.00", signed_on="2025-12-20"))  # due 2025-12-23
    pay(books, "midterm", "10000.00")
    pay(books, "midterm", "20000.00", role="cashier")  # in transit: not paid (F01)
    assert app.alert_overdue_payments(books.uow(), at("2025-12-23", 23)) == []  # the due day is not over
    assert app.alert_overdue_payments(books.uow(), at("2025-12-24", 0)) == [("c-1", "midterm")]
    assert app.alert_overdue_payments(books.uow(), at("2025-12-24", 1)) == []  # once per due date
    [alert] = outbox(books, "payment_overdue")
    assert (alert["kind"], alert["outstanding"], alert["due_on"], alert["alert_roles"]) == (
        "midterm", "20000.00", "2025-12-23", ["engineering_manager", "general_manager"])


def test_F03_paid_money_raises_no_alert(books: Books) -> None:
    books.sign(total="10000.00")
    pay(books, "first", "6000.00")
    books.deliver(midterm_settlement_signed(amount="3000.00", signed_on="2025-12-20"))
    pay(books, "midterm", "3000.00")
    assert app.alert_overdue_payments(books.uow(), at("2026-01-30")) == []
    assert outbox(books, "payment_overdue") == []


def test_F03_F04_the_first_and_final_installments_alert_too(books: Books) -> None:
    books.sign(total="10000.00")  # first due 2025-11-22, unpaid
    books.deliver(completion_settlement_signed(amount="4000.00"))
    books.deliver(completion_accepted(accepted_on="2026-02-10"))  # final due 2026-02-13
    assert app.alert_overdue_payments(books.uow(), at("2026-02-13")) == [("c-1", "first")]
    assert app.alert_overdue_payments(books.uow(), at("2026-02-14")) == [("c-1", "final")]
