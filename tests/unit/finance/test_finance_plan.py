"""Rule F02 (the payment plan opened on signing, C07), P03 duplicate delivery, tenant and store scoping."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from services.finance.adapters.orm import PLATFORM, payment_plans
from services.finance.domain.model import PaymentPlan
from shared.errors import Forbidden, NotFound

from .conftest import Books, staff


def test_F02_plan_opened_with_first_installment_due_on_signing_day(books: Books) -> None:
    books.sign(total="128000.00")
    plan = books.call("get_payment_plan", staff("designer"), contract_id="c-1")
    kinds = [i["kind"] for i in plan["installments"]]
    assert kinds == ["first", "midterm", "final"]
    first, midterm, final = plan["installments"]
    assert first == {"kind": "first", "name": "首期款", "amount": "76800.00", "due_on": "2025-11-22",
                     "status": "due", "paid": "0.00", "in_transit": "0.00", "outstanding": "76800.00",
                     "notice": None}
    assert midterm["amount"] is None and midterm["status"] == "pending" and midterm["due_on"] is None
    assert final["amount"] is None and final["status"] == "pending"
    assert plan["number"] == "A25112201" and plan["customer_name"] == "王芳"
    assert plan["totals"]["contract_total"] == "128000.00" and plan["totals"]["paid"] == "0.00"


def test_F02_tenant_ratio_applies_to_plans_opened_after_it(books: Books) -> None:
    books.call("set_finance_policy", staff("tenant_admin"), first_installment_ratio="0.55")
    books.sign(total="10000.01")
    first = books.call("get_payment_plan", staff("finance"), contract_id="c-1")["installments"][0]
    assert first["amount"] == "5500.01"  # 5500.0055 rounded half up to cents


def test_F02_only_admin_or_finance_sets_the_ratio(books: Books) -> None:
    with pytest.raises(Forbidden):
        books.call("set_finance_policy", staff("designer"), first_installment_ratio="0.5")


def test_P03_duplicate_contract_signed_opens_no_second_plan(books: Books) -> None:
    event = books.sign(event_id="evt-1")
    assert books.deliver(event) is False  # the redelivered event is in the inbox already
    books.sign(event_id="evt-2")  # the same contract announced again under a new event id
    with books.db.sessions() as s:
        assert s.execute(select(func.count()).select_from(payment_plans)).scalar_one() == 1
        opened = s.execute(select(func.count()).select_from(PLATFORM.outbox)
                           .where(PLATFORM.outbox.c.event_type == "payment_plan_opened")).scalar_one()
    assert opened == 1


def test_plan_is_not_found_until_the_contract_is_signed(books: Books) -> None:
    with pytest.raises(NotFound):
        books.call("get_payment_plan", staff("finance"), contract_id="c-unknown")


def test_P01_another_tenant_reading_the_plan_gets_not_found(books: Books) -> None:
    books.sign()
    with pytest.raises(NotFound):
        books.call("get_payment_plan", staff("finance", tenant="other"), contract_id="c-1")


def test_P01_another_store_reading_the_plan_gets_not_found_but_hq_sees_it(books: Books) -> None:
    books.sign(store="A")
    with pytest.raises(NotFound):
        books.call("get_payment_plan", staff("finance", store="B"), contract_id="c-1")
    assert books.call("get_payment_plan", staff("hq", store="-"), contract_id="c-1")["store"] == "A"


def test_F02_first_installment_amount_is_exact_decimal(books: Books) -> None:
    books.sign(total="33333.33")
    with books.db.sessions() as s:
        plan = s.get(PaymentPlan, ("demo", "c-1"))
        assert plan is not None and plan.installments[0].amount == Decimal("20000.00")
