"""Rules F01 (who takes money), F02 (installment limits) and F07 (exact money, idempotency)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import func, select

from services.finance.adapters.orm import PLATFORM, payments
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from shared.identity.context import Principal
from shared.ids import new_id

from .conftest import Books, staff


def pay(books: Books, role: str = "finance", *, key: str | None = None, store: str = "A",
        tenant: str = "demo", principal: Principal | None = None, **fields: Any) -> dict[str, Any]:
    """Record a payment; each call is a new request (a fresh key) unless ``key`` is given."""
    body = {"contract_id": "c-1", "kind": "first", "amount": "1000.00", "method": "bank_transfer"} | fields
    return books.call("record_payment", principal or staff(role, store, tenant), idempotency_key=key or new_id(),
                      **body)


def installment(books: Books, kind: str = "first", role: str = "finance") -> dict[str, Any]:
    plan = books.call("get_payment_plan", staff(role), contract_id="c-1")
    return next(i for i in plan["installments"] if i["kind"] == kind)


def test_F01_designer_cannot_record_payment(books: Books) -> None:
    books.sign()
    for role in ("designer", "studio_manager", "foreman", "general_manager"):
        with pytest.raises(Forbidden) as err:
            pay(books, role)
        assert (err.value.status, err.value.rule) == (403, "F01")


def test_F01_finance_payment_is_received_and_updates_the_installment(books: Books) -> None:
    books.sign(total="10000.00")
    answer = pay(books, amount="2000.00")
    assert (answer["status"], answer["amount"], answer["received_by"]) == ("received", "2000.00", "finance-a")
    first = installment(books)
    assert (first["status"], first["paid"], first["outstanding"]) == ("partly_paid", "2000.00", "4000.00")
    pay(books, amount="4000.00", method="wechat")
    assert installment(books)["status"] == "paid"


def test_F01_assistant_payment_is_in_transit_until_finance_confirms(books: Books) -> None:
    books.sign()
    answer = pay(books, "studio_assistant", amount="500.00", method="cash")
    assert answer["status"] == "in_transit"
    # F01: money in transit is not paid until finance confirms it arrived.
    assert (installment(books)["paid"], installment(books)["in_transit"]) == ("0.00", "500.00")
    assert installment(books)["status"] == "due"
    with pytest.raises(Forbidden) as err:
        books.call("confirm_payment", staff("studio_assistant"), payment_id=answer["id"])
    assert err.value.rule == "F01"
    confirmed = books.call("confirm_payment", staff("finance"), payment_id=answer["id"])
    assert (confirmed["status"], confirmed["confirmed_by"]) == ("received", "finance-a")
    assert (installment(books)["paid"], installment(books)["in_transit"]) == ("500.00", "0.00")
    assert installment(books)["status"] == "partly_paid"
    with pytest.raises(Conflict):
        books.call("confirm_payment", staff("finance"), payment_id=answer["id"])


def test_F01_cashier_collects_on_site_in_transit(books: Books) -> None:
    books.sign()
    assert pay(books, "cashier")["status"] == "in_transit"


def test_F02_midterm_before_settlement_is_a_conflict(books: Books) -> None:
    books.sign()
    with pytest.raises(Conflict) as err:
        pay(books, kind="midterm")
    assert (err.value.status, err.value.rule, err.value.field) == (409, "F02", "kind")


def test_F02_paying_more_than_outstanding_is_refused(books: Books) -> None:
    books.sign(total="10000.00")
    pay(books, amount="5000.00")
    with pytest.raises(RuleViolation) as err:
        pay(books, amount="1000.01")
    assert (err.value.status, err.value.rule, err.value.field) == (422, "F02", "amount")
    assert "1000.00" in err.value.detail


def test_F02_deposit_is_recorded_outside_the_installments(books: Books) -> None:
    books.sign()
    pay(books, kind="deposit", amount="2000.00")
    plan = books.call("get_payment_plan", staff("finance"), contract_id="c-1")
    assert plan["totals"]["deposits"] == "2000.00" and plan["installments"][0]["status"] == "due"


def test_F07_replayed_idempotency_key_records_once(books: Books) -> None:
    books.sign()
    one = pay(books, key="pay-1")
    two = pay(books, key="pay-1")
    assert one == two
    with books.db.sessions() as s:
        assert s.execute(select(func.count()).select_from(payments)).scalar_one() == 1
        events = s.execute(select(func.count()).select_from(PLATFORM.outbox)
                           .where(PLATFORM.outbox.c.event_type == "payment_recorded")).scalar_one()
    assert events == 1
    assert len(books.call("list_payments", staff("finance"), contract_id="c-1")["items"]) == 1


def test_F07_payment_without_idempotency_key_is_400(books: Books) -> None:
    books.sign()
    body = {"contract_id": "c-1", "kind": "first", "amount": "1.00", "method": "cash"}
    for key in (None, ""):
        with pytest.raises(InvalidInput) as err:
            books.call("record_payment", staff("finance"), idempotency_key=key, **body)
        assert (err.value.status, err.value.rule, err.value.field) == (400, "F07", "Idempotency-Key")


def test_H6_another_callers_key_answers_as_if_unknown(books: Books) -> None:
    books.sign()
    mine = pay(books, key="shared-key")
    # Same tenant, same role and store, another user: a new payment, not the first one's answer.
    colleague = Principal(tenant_id="demo", user_id="finance-A-2", username="finance-a2",
                          roles=frozenset({"finance"}), stores=frozenset({"A"}))
    theirs = pay(books, key="shared-key", principal=colleague)
    assert theirs["id"] != mine["id"] and theirs["received_by"] == "finance-a2"
    # A different body under the other caller's key is no 409 either: the key is unknown to them.
    other = pay(books, key="shared-key", principal=replace(colleague, user_id="finance-A-3"), amount="5.00")
    assert other["amount"] == "5.00"
    assert pay(books, key="shared-key") == mine


def test_H6_replay_after_the_callers_stores_were_narrowed_is_refused(books: Books) -> None:
    books.sign()
    first = pay(books, key="k-narrow")
    narrowed = Principal(tenant_id="demo", user_id="finance-A", username="finance-a",
                         roles=frozenset({"finance"}), stores=frozenset({"B"}))
    with pytest.raises(NotFound):
        pay(books, key="k-narrow", principal=narrowed)
    demoted = Principal(tenant_id="demo", user_id="finance-A", username="finance-a",
                        roles=frozenset({"designer"}), stores=frozenset({"A"}))
    with pytest.raises(Forbidden):
        pay(books, key="k-narrow", principal=demoted)
    assert pay(books, key="k-narrow") == first


def test_F07_float_amount_refused(books: Books) -> None:
    books.sign()
    with pytest.raises(InvalidInput) as err:
        pay(books, amount=1000.5)
    assert (err.value.rule, err.value.field) == ("F07", "amount")


@pytest.mark.parametrize("amount", ["0", "-5.00", "10.001", "abc"])
def test_F07_bad_amounts_refused(books: Books, amount: str) -> None:
    books.sign()
    with pytest.raises(InvalidInput) as err:
        pay(books, amount=amount)
    assert err.value.field == "amount"


def test_P03_payment_publishes_payment_recorded(books: Books) -> None:
    books.sign()
    answer = pay(books, "studio_assistant")
    with books.db.sessions() as s:
        payload = s.execute(select(PLATFORM.outbox.c.payload)
                            .where(PLATFORM.outbox.c.event_type == "payment_recorded")).scalar_one()
    fields = ("payment_id", "contract_id", "kind", "amount", "status", "received_by")
    assert {k: payload[k] for k in fields} == {
        "payment_id": answer["id"], "contract_id": "c-1", "kind": "first", "amount": "1000.00",
        "status": "in_transit", "received_by": "studio_assistant-a"}


def test_P01_payments_of_another_tenant_or_store_are_not_found(books: Books) -> None:
    books.sign()
    with pytest.raises(NotFound):
        pay(books, tenant="other")
    with pytest.raises(NotFound):
        pay(books, store="B")
    with pytest.raises(NotFound):
        books.call("list_payments", staff("finance", tenant="other"), contract_id="c-1")


def test_payments_list_pages_with_a_cursor(books: Books) -> None:
    books.sign()
    ids = [pay(books, amount="100.00")["id"] for _ in range(3)]
    first = books.call("list_payments", staff("designer"), contract_id="c-1", limit=2)
    second = books.call("list_payments", staff("designer"), contract_id="c-1", limit=2,
                        cursor=first["next_cursor"])
    assert [p["id"] for p in first["items"] + second["items"]] == ids and second["next_cursor"] is None


def outbox(books: Books, event_type: str) -> list[dict[str, Any]]:
    with books.db.sessions() as s:
        return [dict(p) for p in s.execute(select(PLATFORM.outbox.c.payload)
                                           .where(PLATFORM.outbox.c.event_type == event_type)
                                           .order_by(PLATFORM.outbox.c.seq)).scalars()]


def test_F01_money_in_transit_still_counts_against_the_installment_limit(books: Books) -> None:
    books.sign(total="10000.00")  # first installment 6000.00
    pay(books, "cashier", amount="5000.00")
    with pytest.raises(RuleViolation) as err:
        pay(books, "finance", amount="1500.00")
    assert (err.value.rule, err.value.field) == ("F02", "amount")
    assert installment(books)["status"] == "due"


def test_F01_installment_paid_only_once_confirmed_payments_cover_it(books: Books) -> None:
    """installment_paid (events.md) goes out when confirmed money covers the installment, once."""
    books.sign(total="10000.00")
    by_finance = pay(books, "finance", amount="4000.00")
    by_assistant = pay(books, "studio_assistant", amount="2000.00")
    assert by_finance["status"] == "received" and installment(books)["status"] == "partly_paid"
    assert outbox(books, "installment_paid") == []
    books.call("confirm_payment", staff("finance"), payment_id=by_assistant["id"])
    assert installment(books)["status"] == "paid"
    [paid] = outbox(books, "installment_paid")
    assert {k: paid[k] for k in ("contract_id", "store", "kind", "amount")} == {
        "contract_id": "c-1", "store": "A", "kind": "first", "amount": "6000.00"}
    assert paid["paid_on"]


def test_F01_finance_payment_covering_the_installment_announces_it_at_once(books: Books) -> None:
    books.sign(total="10000.00")
    pay(books, "finance", amount="6000.00")
    assert [p["kind"] for p in outbox(books, "installment_paid")] == ["first"]


def test_F01_confirmed_deposit_is_announced(books: Books) -> None:
    books.sign()
    deposit = pay(books, "cashier", kind="deposit", amount="300.00")
    assert outbox(books, "installment_paid") == []
    books.call("confirm_payment", staff("finance"), payment_id=deposit["id"])
    assert [(p["kind"], p["amount"]) for p in outbox(books, "installment_paid")] == [("deposit", "300.00")]


def test_F01_payments_filter_by_store_status_and_day(books: Books) -> None:
    books.sign()
    books.sign("c-2", store="B")
    moving = pay(books, "cashier", amount="100.00")
    kept = pay(books, "finance", amount="200.00")
    pay(books, "finance", store="B", contract_id="c-2", amount="300.00")
    hq = Principal(tenant_id="demo", user_id="hq", username="hq", roles=frozenset({"hq"}), stores=frozenset())
    listed = books.call("list_payments", hq, store="A", status="in_transit")
    assert [p["id"] for p in listed["items"]] == [moving["id"]]
    today = kept["received_on"]
    day = books.call("list_payments", staff("finance"), received_on=today)
    assert {p["id"] for p in day["items"]} == {moving["id"], kept["id"]}  # store A's only
    assert books.call("list_payments", staff("finance"), received_on="2001-01-01")["items"] == []
    assert books.call("list_payments", staff("finance", "A"), store="B")["items"] == []
    with pytest.raises(InvalidInput):
        books.call("list_payments", staff("finance"), status="lost")
    with pytest.raises(InvalidInput):
        books.call("list_payments", staff("finance"), received_on="yesterday")
