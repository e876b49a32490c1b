"""After handover: the warranty card (A01), quarterly callbacks (A03), repairs and their working-day
deadlines (A04), cost approvals by amount (A05), the tenant's working-day calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from services.aftercare import application as app
from services.aftercare.domain.calendar import WorkCalendar
from services.aftercare.domain.repairs import approver_roles
from services.aftercare.domain.warranty import anniversary, callback_days, coverage
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from shared.identity.context import Principal
from shared.ids import new_id
from tests.platforms import SIGNATURE

from .conftest import Desk, staff


def local(day: str, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:{minute:02d}:00+08:00").astimezone(UTC)


def wide(role: str, tenant: str = "demo") -> Principal:
    return Principal(tenant_id=tenant, user_id=role, username=role, roles=frozenset({role}),
                     stores=frozenset({"A", "B"}))


def event(event_type: str, **fields: Any) -> dict[str, Any]:
    return {"event_id": new_id(), "event_type": event_type, "version": 1, "tenant_id": fields.pop("tenant", "demo"),
            "occurred_at": "2026-02-10T02:00:00+00:00", "trace": {}, "contract_id": "c-1", "store": "A", **fields}


def accepted(on: str = "2026-02-10", waterproofing: bool = True) -> dict[str, Any]:
    return event("completion_accepted", project_id="p-1", form_id="f-1", document_id="d-1", accepted_on=on,
                 waterproofing=waterproofing)


def final_paid(on: str = "2026-02-12", kind: str = "final") -> dict[str, Any]:
    return event("installment_paid", kind=kind, amount="12000.00", paid_on=on)


def warranties(desk: Desk, role: str = "aftercare") -> list[dict[str, Any]]:
    return list(desk.call("get_warranties", staff(role), contract_id="c-1")["items"])


# ---- A01, A03 ------------------------------------------------------------------------------------

def test_A01_coverage_is_two_years_general_and_five_for_waterproofing() -> None:
    assert coverage(date(2026, 2, 10), True) == {"general": date(2028, 2, 10), "waterproofing": date(2031, 2, 10)}
    assert coverage(date(2026, 2, 10), False) == {"general": date(2028, 2, 10)}
    assert anniversary(date(2028, 2, 29), 2) == date(2030, 2, 28)


def test_A03_a_callback_every_quarter_of_the_warranty() -> None:
    days = callback_days(date(2026, 1, 31), date(2028, 1, 31))
    assert len(days) == 8 and days[0] == date(2026, 4, 30) and days[-1] == date(2028, 1, 31)


def test_A01_the_card_needs_acceptance_and_the_final_payment(desk: Desk) -> None:
    desk.sign()
    desk.deliver(final_paid(kind="first"))  # not the final installment
    desk.deliver(accepted())
    assert warranties(desk) == []
    message = final_paid("2026-02-12")
    desk.deliver(message)
    desk.deliver(message)  # a redelivery issues nothing twice (P03)
    [card] = warranties(desk)
    assert (card["starts_on"], card["issued_on"]) == ("2026-02-10", "2026-02-12")
    assert card["coverage"] == [{"scope": "general", "ends_on": "2028-02-10"},
                                {"scope": "waterproofing", "ends_on": "2031-02-10"}]
    assert len(card["callbacks"]) == 8 and card["callbacks"][0]["due_on"] == "2026-05-10"
    assert len(desk.events("warranty_card_issued")) == 1


def test_A01_payment_before_acceptance_issues_the_card_on_acceptance(desk: Desk) -> None:
    desk.sign()
    desk.deliver(final_paid("2026-02-09"))
    assert warranties(desk) == []
    desk.deliver(accepted("2026-02-10", waterproofing=False))
    [card] = warranties(desk)
    assert card["coverage"] == [{"scope": "general", "ends_on": "2028-02-10"}]


def test_A01_warranties_are_scoped_to_store_and_tenant(desk: Desk) -> None:
    desk.sign()
    desk.deliver(accepted())
    desk.deliver(final_paid())
    for intruder in (staff("aftercare", "B"), staff("aftercare", tenant="other")):
        with pytest.raises(NotFound):
            desk.call("get_warranties", intruder, contract_id="c-1")
    with pytest.raises(InvalidInput):
        desk.call("get_warranties", staff("aftercare"), contract_id="x" * 37)


def test_A03_quarterly_callbacks_are_recorded_once(desk: Desk) -> None:
    desk.sign()
    desk.deliver(accepted())
    desk.deliver(final_paid())
    card = desk.call("record_warranty_callback", staff("aftercare"), contract_id="c-1", seq=1, note="一切正常")
    assert card["callbacks"][0]["done_by"] == "aftercare-a"
    with pytest.raises(Conflict):
        desk.call("record_warranty_callback", staff("aftercare"), contract_id="c-1", seq=1, note="again")
    with pytest.raises(Conflict):
        desk.call("record_warranty_callback", staff("aftercare"), contract_id="c-1", seq=99, note="x")
    with pytest.raises(Forbidden):
        desk.call("record_warranty_callback", staff("designer"), contract_id="c-1", seq=2, note="x")
    with pytest.raises(NotFound):
        desk.call("record_warranty_callback", staff("aftercare", "B"), contract_id="c-1", seq=2, note="x")


# ---- working days ---------------------------------------------------------------------------------

def test_A04_working_days_skip_weekends_and_listed_holidays() -> None:
    calendar = WorkCalendar.of([date(2026, 10, 1), date(2026, 10, 2)], [date(2026, 10, 10)])
    assert calendar.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 5)  # Thu/Fri off, then the weekend
    assert calendar.add_working_days(date(2026, 10, 9), 1) == date(2026, 10, 10)  # a Saturday worked (调休)
    assert calendar.add_working_days(date(2026, 12, 4), 3) == date(2026, 12, 9)  # Fri + 3 → Wed
    # store-local: 23:30 on Friday in Shanghai is already Friday there, 15:30 UTC
    assert calendar.due(datetime(2026, 12, 4, 15, 30, tzinfo=UTC), 1) == date(2026, 12, 7)


def test_A04_the_tenant_keeps_its_calendar(desk: Desk) -> None:
    admin = wide("tenant_admin")
    days = [{"day": "2026-10-01", "name": "国庆"}, {"day": "2026-10-10", "worked": True, "name": "调休"}]
    answer = desk.call("set_work_calendar", admin, first_day="2026-10-01", last_day="2026-10-31", days=days)
    assert [d["day"] for d in answer["days"]] == ["2026-10-01", "2026-10-10"]
    replaced = desk.call("set_work_calendar", admin, first_day="2026-10-01", last_day="2026-10-31",
                         days=[{"day": "2026-10-02"}])
    assert [d["day"] for d in replaced["days"]] == ["2026-10-02"]
    assert desk.call("get_work_calendar", wide("tenant_admin", "other"))["days"] == []
    with pytest.raises(Forbidden):
        desk.call("set_work_calendar", staff("aftercare"), first_day="2026-10-01", last_day="2026-10-31", days=[])
    for bad in ({"last_day": "2026-09-01"}, {"days": [{"day": "2026-11-05"}]},
                {"days": [{"day": "2026-10-03"}, {"day": "2026-10-03"}]}, {"days": [{"day": "someday"}]}):
        with pytest.raises(InvalidInput):
            desk.call("set_work_calendar", admin, **({"first_day": "2026-10-01", "last_day": "2026-10-31",
                                                       "days": []} | bad))


# ---- A04 ------------------------------------------------------------------------------------------

def report(desk: Desk, at: datetime, **fields: Any) -> dict[str, Any]:
    body = {"contract_id": "c-1", "item": "卫生间防水", "fault": "楼下渗水", "urgent": False} | fields
    return dict(desk.call("record_repair", staff("aftercare"), now=at, idempotency_key=new_id(), **body))


def test_A01_A04_a_repair_in_warranty_is_class_A_outside_it_class_B(desk: Desk) -> None:
    desk.sign()
    assert report(desk, local("2026-03-02"))["class"] == "B"  # no card yet
    desk.deliver(accepted("2026-02-10", waterproofing=True))
    desk.deliver(final_paid())
    assert report(desk, local("2027-03-02"))["class"] == "A"
    assert report(desk, local("2029-03-02"))["class"] == "B"  # general coverage ended 2028-02-10
    assert report(desk, local("2029-03-02"), scope="waterproofing")["class"] == "A"  # five years
    assert report(desk, local("2031-02-11"), scope="waterproofing")["class"] == "B"


def test_A04_deadlines_in_working_days_through_the_order(desk: Desk) -> None:
    desk.sign()
    aftercare = staff("aftercare")
    repair = report(desk, local("2026-12-04", 16))  # a Friday
    assert (repair["status"], repair["survey_due_by"], repair["address"]) == ("recorded", "2026-12-07",
                                                                              "朝阳区望京街 8 号")
    with pytest.raises(Conflict) as err:
        desk.call("dispatch_repair", aftercare, repair_id=repair["id"], crew="张工班组")
    assert err.value.rule == "A04"
    surveyed = desk.call("survey_repair", aftercare, now=local("2026-12-07"), repair_id=repair["id"],
                         responsibility="crew", multi_trade=False)
    assert surveyed["due_by"] == "2026-12-10"  # Mon + 3 working days
    multi = report(desk, local("2026-12-07"))
    multi = desk.call("survey_repair", aftercare, now=local("2026-12-07"), repair_id=multi["id"],
                      responsibility="crew", multi_trade=True)
    assert multi["due_by"] == "2026-12-16"  # Mon + 7 working days
    with pytest.raises(RuleViolation) as refused:
        desk.call("extend_repair", aftercare, repair_id=repair["id"], due_on="2026-12-20")
    assert (refused.value.rule, refused.value.field) == ("A04", "customer_consent")
    longer = desk.call("extend_repair", aftercare, repair_id=repair["id"], due_on="2026-12-20", customer_consent=True)
    assert longer["due_by"] == "2026-12-20" and longer["customer_consent"] is True
    desk.call("dispatch_repair", aftercare, now=local("2026-12-08"), repair_id=repair["id"], crew="张工班组")
    done = desk.call("complete_repair", aftercare, now=local("2026-12-11", 18), repair_id=repair["id"],
                     customer_signature=SIGNATURE)
    assert (done["status"], done["customer_signed_by"], done["callback_due_by"]) == ("completed", "王芳", "2026-12-14")
    [completed] = desk.events("repair_completed")
    assert completed["on_time"] is True
    back = desk.call("call_back_repair", aftercare, repair_id=repair["id"], note="已修好", satisfied=True)
    assert back["status"] == "called_back" and back["satisfied"] is True


def test_A04_urgent_repairs_are_listed_first(desk: Desk) -> None:
    desk.sign()
    calm = report(desk, local("2026-12-07", 9))
    burst = report(desk, local("2026-12-07", 10), item="给水管", fault="爆管", urgent=True)
    later = report(desk, local("2026-12-07", 11))
    first = desk.call("list_repairs", staff("aftercare"), limit=2)
    second = desk.call("list_repairs", staff("aftercare"), limit=2, cursor=first["next_cursor"])
    assert [r["id"] for r in first["items"] + second["items"]] == [burst["id"], calm["id"], later["id"]]
    assert desk.call("list_repairs", staff("aftercare", "B"))["items"] == []
    with pytest.raises(InvalidInput):
        desk.call("list_repairs", staff("aftercare"), cursor="nonsense")


def test_A04_the_1700_list_of_orders_not_returned_goes_out_once(desk: Desk) -> None:
    desk.sign()
    aftercare = staff("aftercare")
    repair = report(desk, local("2026-12-07", 9))
    desk.call("survey_repair", aftercare, repair_id=repair["id"], responsibility="crew")
    desk.call("dispatch_repair", aftercare, now=local("2026-12-07", 10), repair_id=repair["id"], crew="张工班组")
    assert app.list_not_returned(desk.uow(), local("2026-12-07", 16, 55)) == []  # before 17:00
    assert app.list_not_returned(desk.uow(), local("2026-12-07", 17, 2)) == [("A", 1)]
    assert app.list_not_returned(desk.uow(), local("2026-12-07", 17, 7)) == []  # once a day
    [listed] = desk.events("repairs_not_returned")
    assert (listed["repair_ids"], listed["alert_roles"]) == ([repair["id"]], ["aftercare_manager"])
    with pytest.raises(Forbidden):
        desk.call("not_returned_repairs", staff("designer"))


def test_A04_repairs_checks_role_store_tenant_and_input(desk: Desk) -> None:
    desk.sign()
    for role in ("designer", "foreman", "finance"):
        with pytest.raises(Forbidden) as err:
            desk.call("record_repair", staff(role), contract_id="c-1", item="门", fault="松动")
        assert err.value.rule == "A04"
    for intruder in (staff("aftercare", "B"), staff("aftercare", tenant="other")):
        with pytest.raises(NotFound):
            desk.call("record_repair", intruder, contract_id="c-1", item="门", fault="松动")
    repair = report(desk, local("2026-12-07"))
    for intruder in (staff("aftercare", "B"), staff("aftercare", tenant="other")):
        with pytest.raises(NotFound):
            desk.call("get_repair", intruder, repair_id=repair["id"])
    for bad in ({"item": ""}, {"urgent": "maybe"}, {"scope": "roof"}, {"phone": "call me"}, {"fault": "x" * 2001}):
        with pytest.raises(InvalidInput):
            desk.call("record_repair", staff("aftercare"),
                      **({"contract_id": "c-1", "item": "门", "fault": "松动"} | bad))


# ---- A05 ------------------------------------------------------------------------------------------

def test_A05_approvers_by_amount() -> None:
    from decimal import Decimal

    assert approver_roles(Decimal("1000.00")) == ("aftercare_manager",)
    assert approver_roles(Decimal("1000.01")) == ("deputy_chief_engineer", "deputy_general_manager")
    assert approver_roles(Decimal("10000.00")) == ("deputy_chief_engineer", "deputy_general_manager")
    assert approver_roles(Decimal("10000.01")) == ("general_manager",)
    assert approver_roles(Decimal("20000.01")) == ("general_manager", "auditor")


def surveyed_repair(desk: Desk, at: datetime) -> dict[str, Any]:
    repair = report(desk, at)
    desk.call("survey_repair", staff("aftercare"), repair_id=repair["id"], responsibility="crew")
    desk.call("dispatch_repair", staff("aftercare"), repair_id=repair["id"], crew="张工班组")
    return repair


def test_A05_costs_are_approved_by_the_roles_of_their_amount(desk: Desk) -> None:
    desk.sign()
    desk.deliver(accepted())
    desk.deliver(final_paid())
    repair = surveyed_repair(desk, local("2026-06-01"))  # class A
    cost = desk.call("add_repair_cost", staff("aftercare"), repair_id=repair["id"], amount="5000.00")
    assert cost["approver_roles"] == ["deputy_chief_engineer", "deputy_general_manager"]
    for wrong in (staff("aftercare_manager"), wide("general_manager"), staff("aftercare")):
        with pytest.raises(Forbidden) as err:
            desk.call("approve_repair_cost", wrong, repair_id=repair["id"], cost_id=cost["id"])
        assert err.value.rule == "A05"
    half = desk.call("approve_repair_cost", wide("deputy_chief_engineer"), repair_id=repair["id"], cost_id=cost["id"])
    assert (half["approved"], half["approvals"]) == (False, ["deputy_chief_engineer"])
    with pytest.raises(Forbidden):  # the same approval twice is not the other one
        desk.call("approve_repair_cost", wide("deputy_chief_engineer"), repair_id=repair["id"], cost_id=cost["id"])
    done = desk.call("approve_repair_cost", wide("deputy_general_manager"), repair_id=repair["id"],
                     cost_id=cost["id"])
    assert (done["approved"], done["charged_to"]) == (True, "crew_quality_deposit")  # class A: the crew's deposit
    [approved] = desk.events("repair_cost_approved")
    assert (approved["charged_to"], approved["crew"], approved["amount"]) == ("crew_quality_deposit", "张工班组",
                                                                               "5000.00")
    with pytest.raises(Conflict):
        desk.call("approve_repair_cost", wide("deputy_general_manager"), repair_id=repair["id"], cost_id=cost["id"])


def test_A05_above_20000_the_audit_approves_too_and_class_B_goes_to_the_company(desk: Desk) -> None:
    desk.sign()
    repair = surveyed_repair(desk, local("2026-06-01"))  # no card: class B
    cost = desk.call("add_repair_cost", staff("aftercare"), repair_id=repair["id"], amount="25000.00")
    assert cost["approver_roles"] == ["general_manager", "auditor"]
    desk.call("approve_repair_cost", wide("general_manager"), repair_id=repair["id"], cost_id=cost["id"])
    done = desk.call("approve_repair_cost", wide("auditor"), repair_id=repair["id"], cost_id=cost["id"])
    assert (done["approved"], done["charged_to"]) == (True, "company")


def test_A05_costs_check_input_and_scope(desk: Desk) -> None:
    desk.sign()
    recorded = report(desk, local("2026-06-01"))
    with pytest.raises(Conflict):  # a cost follows the survey
        desk.call("add_repair_cost", staff("aftercare"), repair_id=recorded["id"], amount="10.00")
    repair = surveyed_repair(desk, local("2026-06-01"))
    for amount in ("-1.00", "1.234", 12.5, "abc"):
        with pytest.raises(InvalidInput):
            desk.call("add_repair_cost", staff("aftercare"), repair_id=repair["id"], amount=amount)
    with pytest.raises(NotFound):
        desk.call("add_repair_cost", staff("aftercare", "B"), repair_id=repair["id"], amount="10.00")
    with pytest.raises(Forbidden):
        desk.call("add_repair_cost", staff("designer"), repair_id=repair["id"], amount="10.00")
    cost = desk.call("add_repair_cost", staff("aftercare"), repair_id=repair["id"], amount="800.00")
    with pytest.raises(NotFound):
        desk.call("approve_repair_cost", staff("aftercare_manager", "B"), repair_id=repair["id"], cost_id=cost["id"])
    with pytest.raises(Conflict):
        desk.call("approve_repair_cost", staff("aftercare_manager"), repair_id=repair["id"], cost_id="nope")
    ok = desk.call("approve_repair_cost", staff("aftercare_manager"), repair_id=repair["id"], cost_id=cost["id"])
    assert ok["approved"] is True


def test_A01_the_warranty_card_pdf_is_printed_once_its_conditions_hold(desk: Desk) -> None:
    import hashlib

    from tests.unit.forms.signing import signature

    desk.sign()
    sig = [signature("aftercare", "李客服")]
    desk.deliver(accepted())
    with pytest.raises(Conflict) as early:
        desk.call("issue_warranty_card", staff("aftercare"), contract_id="c-1", signatures=sig)
    assert early.value.rule == "A01"
    desk.deliver(final_paid())
    with pytest.raises(Forbidden):
        desk.call("issue_warranty_card", staff("designer"), contract_id="c-1", signatures=sig)
    with pytest.raises(NotFound):
        desk.call("issue_warranty_card", staff("aftercare", "B"), contract_id="c-1", signatures=sig)
    with pytest.raises(InvalidInput):
        desk.call("issue_warranty_card", staff("aftercare"), contract_id="c-1", signatures=[{"name": "x"}])
    with pytest.raises(InvalidInput):  # a signer the card has no place for
        desk.call("issue_warranty_card", staff("aftercare"), contract_id="c-1",
                  signatures=[{**sig[0], "role": "customer"}])
    card = desk.call("issue_warranty_card", staff("aftercare"), contract_id="c-1", signatures=sig)
    content = desk.call("document_content", staff("aftercare"), document_id=card["document_id"])
    pdf = desk.documents.get("demo", content["storage_key"])  # type: ignore[union-attr]
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == content["sha256"]
    assert warranties(desk)[0]["document_id"] == card["document_id"]
    with pytest.raises(Conflict):
        desk.call("issue_warranty_card", staff("aftercare"), contract_id="c-1", signatures=sig)
    with pytest.raises(NotFound):
        desk.call("document_content", staff("aftercare", tenant="other"), document_id=card["document_id"])
