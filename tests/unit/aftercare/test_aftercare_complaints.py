"""Rule A06: complaints recorded, classed, passed on, answered, escalated and resolved; P01 scoping."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from services.aftercare import application as app
from services.aftercare.commands import ClassifyComplaint, RecordComplaint
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from shared.identity.context import Principal
from shared.validation import parse

from .conftest import T0, Desk, staff

AFTERCARE = staff("aftercare")


def classify(desk: Desk, complaint_id: str, validity: str, severity: str | None = None, *,
             by: Principal = AFTERCARE, now: datetime = T0 + timedelta(hours=1)) -> dict[str, Any]:
    payload = {"validity": validity, **({"severity": severity} if severity else {})}
    return desk.call("classify_complaint", by, now=now, complaint_id=complaint_id, **payload)


def test_A06_complaint_passed_on_within_10_minutes_and_answered_within_a_day(desk: Desk) -> None:
    desk.sign()
    recorded = desk.complain(by=staff("foreman"))
    assert recorded["status"] == "open" and recorded["store"] == "A"
    assert recorded["received_at"] == T0.isoformat()
    assert recorded["pass_on_by"] == (T0 + timedelta(minutes=10)).isoformat()
    assert recorded["answer_by"] == (T0 + timedelta(days=1)).isoformat()
    assert not recorded["pass_on_overdue"] and not recorded["answer_overdue"]

    cid = recorded["id"]
    late = desk.call("get_complaint", AFTERCARE, complaint_id=cid, now=T0 + timedelta(minutes=11))
    assert late["pass_on_overdue"] and not late["answer_overdue"]

    # the foreman who received it (首问责任人) passes it on to the department that can answer
    passed = desk.call("pass_on_complaint", staff("foreman"), complaint_id=cid, department="engineering",
                       person="engineering_manager-a", now=T0 + timedelta(minutes=9))
    assert passed["status"] == "passed_on" and not passed["pass_on_overdue"]
    assert passed["passed_on_to"]["department"] == "engineering"
    assert desk.events("complaint_passed_on")[0]["overdue"] is False

    day_later = desk.call("get_complaint", AFTERCARE, complaint_id=cid, now=T0 + timedelta(days=1, seconds=1))
    assert day_later["answer_overdue"] and not day_later["pass_on_overdue"]

    answered = desk.call("answer_complaint", AFTERCARE, complaint_id=cid, text="明天上门维修",
                         now=T0 + timedelta(hours=20))
    assert answered["status"] == "answered" and not answered["answer_overdue"]
    assert not desk.call("get_complaint", AFTERCARE, complaint_id=cid, now=T0 + timedelta(days=3))["answer_overdue"]
    with pytest.raises(Conflict):
        desk.call("pass_on_complaint", AFTERCARE, complaint_id=cid, department="x")


def test_A06_pass_on_names_a_department_or_person_and_only_receiver_or_handlers_do_it(desk: Desk) -> None:
    desk.sign()
    cid = desk.complain(by=staff("foreman"))["id"]
    with pytest.raises(InvalidInput) as err:
        desk.call("pass_on_complaint", AFTERCARE, complaint_id=cid)
    assert err.value.rule == "A06" and err.value.field == "department"
    with pytest.raises(Forbidden):
        desk.call("pass_on_complaint", staff("qc"), complaint_id=cid, department="engineering")


def test_A06_valid_complaint_needs_severity(desk: Desk) -> None:
    desk.sign()
    cid = desk.complain()["id"]
    with pytest.raises(RuleViolation) as err:
        classify(desk, cid, "valid")
    assert err.value.rule == "A06" and err.value.field == "severity" and err.value.status == 422
    done = classify(desk, cid, "valid", "important")
    assert done["validity"] == "valid" and done["severity"] == "important" and done["severity_name"] == "重要投诉"
    assert desk.events("complaint_classified")[0]["severity"] == "important"


def test_A06_invalid_complaint_has_no_severity(desk: Desk) -> None:
    desk.sign()
    cid = desk.complain()["id"]
    with pytest.raises(RuleViolation) as err:
        classify(desk, cid, "invalid", "minor")
    assert err.value.rule == "A06" and err.value.field == "severity"
    done = classify(desk, cid, "invalid")
    assert done["validity"] == "invalid" and done["severity"] is None


def test_A06_classification_values_are_checked_and_only_classifiers_classify(desk: Desk) -> None:
    desk.sign()
    cid = desk.complain()["id"]
    with pytest.raises(InvalidInput) as err:
        parse(ClassifyComplaint, {"complaint_id": cid, "validity": "valid", "severity": "huge"})
    assert err.value.field == "severity"
    with pytest.raises(Forbidden) as denied:
        desk.call("classify_complaint", staff("designer"), complaint_id=cid, validity="valid", severity="minor")
    assert denied.value.rule == "A06"
    by_engineering = desk.call("classify_complaint", staff("engineering_manager"), complaint_id=cid,
                               validity="valid", severity="minor")
    assert by_engineering["classified_by"] == "engineering_manager-a"


def test_A06_unresolved_after_a_week_becomes_major_and_escalates(desk: Desk) -> None:
    desk.sign()
    cid = desk.complain()["id"]
    classify(desk, cid, "valid", "minor", now=T0 + timedelta(hours=1))
    assert app.escalate_overdue(desk.uow(), T0 + timedelta(days=6, hours=23)) == []
    assert app.escalate_overdue(desk.uow(), T0 + timedelta(weeks=1)) == [cid]
    assert app.escalate_overdue(desk.uow(), T0 + timedelta(weeks=2)) == []  # never twice
    row = desk.call("get_complaint", AFTERCARE, complaint_id=cid)
    assert row["severity"] == "major" and row["escalated"] and row["escalated_to"] == "general_manager"
    assert row["escalation_reason"] == "unresolved_a_week"
    escalated = desk.events("complaint_escalated")
    assert len(escalated) == 1 and escalated[0]["complaint_id"] == cid
    assert escalated[0]["severity"] == "major" and escalated[0]["escalated_to"] == "general_manager"
    # an escalated complaint stays major when classed again
    assert classify(desk, cid, "valid", "minor")["severity"] == "major"


def test_A06_invalid_or_resolved_complaints_do_not_escalate_after_a_week(desk: Desk) -> None:
    desk.sign()
    invalid = desk.complain()["id"]
    classify(desk, invalid, "invalid")
    resolved = desk.complain()["id"]
    classify(desk, resolved, "valid", "minor")
    desk.call("resolve_complaint", AFTERCARE, complaint_id=resolved, resolution="已修复")
    unclassified = desk.complain()["id"]
    assert app.escalate_overdue(desk.uow(), T0 + timedelta(weeks=3)) == []
    assert not desk.call("get_complaint", AFTERCARE, complaint_id=unclassified)["escalated"]
    # classed valid late, it escalates at once
    late = classify(desk, unclassified, "valid", "minor", now=T0 + timedelta(weeks=3))
    assert late["severity"] == "major" and late["escalation_reason"] == "unresolved_a_week"


def test_A06_five_customers_on_one_matter_is_major(desk: Desk) -> None:
    for n in range(1, 4):
        desk.sign(f"c-{n}")
    first = desk.complain("c-1", matter="小区停水", customers_affected=2)
    second = desk.complain("c-2", matter="小区停水", customers_affected=2)
    other = desk.complain("c-3", matter="别的事")
    assert not second["escalated"] and second["severity"] is None
    third = desk.complain("c-3", matter="小区停水")  # 2 + 2 + 1 = 5 customers on one matter
    assert third["severity"] == "major" and third["escalated"]
    assert third["escalation_reason"] == "many_customers_on_one_matter"
    for cid in (first["id"], second["id"]):
        assert desk.call("get_complaint", AFTERCARE, complaint_id=cid)["severity"] == "major"
    assert not desk.call("get_complaint", AFTERCARE, complaint_id=other["id"])["escalated"]
    assert len(desk.events("complaint_escalated")) == 3


def test_A06_one_complaint_of_five_customers_is_major_at_once(desk: Desk) -> None:
    desk.sign()
    recorded = desk.complain(customers_affected=5)
    assert recorded["severity"] == "major" and recorded["escalated_to"] == "general_manager"


def test_A06_invalid_and_resolved_complaints_do_not_count_towards_a_matter(desk: Desk) -> None:
    for n in range(1, 4):
        desk.sign(f"c-{n}")
    invalid = desk.complain("c-1", matter="m", customers_affected=3)["id"]
    classify(desk, invalid, "invalid")
    resolved = desk.complain("c-2", matter="m", customers_affected=3)["id"]
    desk.call("resolve_complaint", AFTERCARE, complaint_id=resolved)
    assert not desk.complain("c-3", matter="m", customers_affected=4)["escalated"]


def test_A06_resolved_complaint_is_closed(desk: Desk) -> None:
    desk.sign()
    cid = desk.complain()["id"]
    done = desk.call("resolve_complaint", AFTERCARE, complaint_id=cid, resolution="已修复")
    assert done["status"] == "resolved" and not done["answer_overdue"]
    assert desk.events("complaint_resolved")[0]["complaint_id"] == cid
    for act in (lambda: desk.call("resolve_complaint", AFTERCARE, complaint_id=cid),
                lambda: desk.call("answer_complaint", AFTERCARE, complaint_id=cid, text="x"),
                lambda: classify(desk, cid, "valid", "minor")):
        with pytest.raises(Conflict) as err:
            act()
        assert err.value.rule == "A06" and err.value.field == "status"


def test_A06_complaint_on_an_unknown_contract_is_not_found(desk: Desk) -> None:
    with pytest.raises(NotFound) as err:
        desk.complain("c-unknown")
    assert err.value.field == "contract_id"
    with pytest.raises(InvalidInput) as bad:
        parse(RecordComplaint, {"contract_id": "c-1", "text": "x", "customers_affected": 0})
    assert bad.value.field == "customers_affected"


def test_P01_another_tenant_gets_not_found(desk: Desk) -> None:
    desk.sign()
    cid = desk.complain()["id"]
    other = staff("aftercare", tenant="other")
    with pytest.raises(NotFound):
        desk.call("get_complaint", other, complaint_id=cid)
    with pytest.raises(NotFound):
        desk.complain("c-1", by=other)
    with pytest.raises(NotFound):
        desk.call("answer_complaint", other, complaint_id=cid, text="x")
    assert desk.call("list_complaints", staff("hq", tenant="other"))["items"] == []


def test_P01_another_store_gets_not_found_and_lists_only_its_own(desk: Desk) -> None:
    desk.sign("c-a", store="A")
    desk.sign("c-b", store="B")
    a = desk.complain("c-a")["id"]
    b = desk.complain("c-b", by=staff("aftercare", store="B"))["id"]
    store_b = staff("aftercare", store="B")
    with pytest.raises(NotFound):
        desk.call("get_complaint", store_b, complaint_id=a)
    with pytest.raises(NotFound):
        desk.complain("c-a", by=store_b)
    with pytest.raises(NotFound):
        classify(desk, a, "valid", "minor", by=store_b)
    assert [c["id"] for c in desk.call("list_complaints", store_b)["items"]] == [b]
    assert desk.call("list_complaints", store_b, store="A")["items"] == []
    hq = staff("hq", store="-")
    assert {c["id"] for c in desk.call("list_complaints", hq)["items"]} == {a, b}
    assert [c["id"] for c in desk.call("list_complaints", hq, store="B")["items"]] == [b]


def test_complaints_list_filters_and_pages(desk: Desk) -> None:
    desk.sign("c-1")
    desk.sign("c-2")
    ids = [desk.complain("c-1")["id"] for _ in range(3)]
    desk.complain("c-2")
    desk.call("resolve_complaint", AFTERCARE, complaint_id=ids[0])
    gm = staff("general_manager")
    page = desk.call("list_complaints", gm, contract_id="c-1", limit=2)
    assert [c["id"] for c in page["items"]] == [ids[2], ids[1]] and page["next_cursor"] == ids[1]
    rest = desk.call("list_complaints", gm, contract_id="c-1", limit=2, cursor=page["next_cursor"])
    assert [c["id"] for c in rest["items"]] == [ids[0]] and rest["next_cursor"] is None
    assert [c["id"] for c in desk.call("list_complaints", gm, status="resolved")["items"]] == [ids[0]]
    with pytest.raises(InvalidInput):
        desk.call("list_complaints", gm, status="lost")
    with pytest.raises(Forbidden):
        desk.call("list_complaints", staff("foreman"))
