"""Rule A06: complaints recorded, classed, passed on, answered, escalated and resolved; P01 scoping."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from services.aftercare import application as app
from services.aftercare.commands import (
    AnswerComplaint,
    ClassifyComplaint,
    PassOnComplaint,
    RecordComplaint,
    ResolveComplaint,
)
from shared.context import Principal
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from shared.validation import parse

from .conftest import T0, Desk, staff

AFTERCARE = staff("aftercare")


def classify(desk: Desk, complaint_id: str, validity: str, severity: str | None = None, *,
             by: Principal = AFTERCARE, now: datetime = T0 + timedelta(hours=1)) -> dict[str, Any]:
    payload = {"validity": validity, **({"severity": severity} if severity else {})}
    return app.classify_complaint(desk.uow(by.tenant_id), by, complaint_id, parse(ClassifyComplaint, payload),
                                  now=now)


def test_A06_complaint_passed_on_within_10_minutes_and_answered_within_a_day(desk: Desk) -> None:
    desk.sign()
    recorded = desk.complain(by=staff("foreman"))
    assert recorded["status"] == "open" and recorded["store"] == "A"
    assert recorded["received_at"] == T0.isoformat()
    assert recorded["pass_on_by"] == (T0 + timedelta(minutes=10)).isoformat()
    assert recorded["answer_by"] == (T0 + timedelta(days=1)).isoformat()
    assert not recorded["pass_on_overdue"] and not recorded["answer_overdue"]

    cid = recorded["id"]
    late = app.get_complaint(desk.uow(), AFTERCARE, cid, now=T0 + timedelta(minutes=11))
    assert late["pass_on_overdue"] and not late["answer_overdue"]

    # the foreman who received it (首问责任人) passes it on to the department that can answer
    passed = app.pass_on_complaint(desk.uow(), staff("foreman"), cid,
                                   PassOnComplaint(department="engineering", person="engineering_manager-a"),
                                   now=T0 + timedelta(minutes=9))
    assert passed["status"] == "passed_on" and not passed["pass_on_overdue"]
    assert passed["passed_on_to"]["department"] == "engineering"
    assert desk.events("complaint_passed_on")[0]["overdue"] is False

    day_later = app.get_complaint(desk.uow(), AFTERCARE, cid, now=T0 + timedelta(days=1, seconds=1))
    assert day_later["answer_overdue"] and not day_later["pass_on_overdue"]

    answered = app.answer_complaint(desk.uow(), AFTERCARE, cid, AnswerComplaint(text="明天上门维修"),
                                    now=T0 + timedelta(hours=20))
    assert answered["status"] == "answered" and not answered["answer_overdue"]
    assert not app.get_complaint(desk.uow(), AFTERCARE, cid, now=T0 + timedelta(days=3))["answer_overdue"]
    with pytest.raises(Conflict):
        app.pass_on_complaint(desk.uow(), AFTERCARE, cid, PassOnComplaint(department="x"))


def test_A06_pass_on_names_a_department_or_person_and_only_receiver_or_handlers_do_it(desk: Desk) -> None:
    desk.sign()
    cid = desk.complain(by=staff("foreman"))["id"]
    with pytest.raises(InvalidInput) as err:
        app.pass_on_complaint(desk.uow(), AFTERCARE, cid, PassOnComplaint())
    assert err.value.rule == "A06" and err.value.field == "department"
    with pytest.raises(Forbidden):
        app.pass_on_complaint(desk.uow(), staff("qc"), cid, PassOnComplaint(department="engineering"))


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
        parse(ClassifyComplaint, {"validity": "valid", "severity": "huge"})
    assert err.value.field == "severity"
    with pytest.raises(Forbidden) as denied:
        app.classify_complaint(desk.uow(), staff("designer"), cid,
                               ClassifyComplaint(validity="valid", severity="minor"))
    assert denied.value.rule == "A06"
    by_engineering = app.classify_complaint(desk.uow(), staff("engineering_manager"), cid,
                                            ClassifyComplaint(validity="valid", severity="minor"))
    assert by_engineering["classified_by"] == "engineering_manager-a"


def test_A06_unresolved_after_a_week_becomes_major_and_escalates(desk: Desk) -> None:
    desk.sign()
    cid = desk.complain()["id"]
    classify(desk, cid, "valid", "minor", now=T0 + timedelta(hours=1))
    assert app.escalate_overdue(desk.uow(), T0 + timedelta(days=6, hours=23)) == []
    assert app.escalate_overdue(desk.uow(), T0 + timedelta(weeks=1)) == [cid]
    assert app.escalate_overdue(desk.uow(), T0 + timedelta(weeks=2)) == []  # never twice
    row = app.get_complaint(desk.uow(), AFTERCARE, cid)
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
    app.resolve_complaint(desk.uow(), AFTERCARE, resolved, ResolveComplaint(resolution="已修复"))
    unclassified = desk.complain()["id"]
    assert app.escalate_overdue(desk.uow(), T0 + timedelta(weeks=3)) == []
    assert not app.get_complaint(desk.uow(), AFTERCARE, unclassified)["escalated"]
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
        assert app.get_complaint(desk.uow(), AFTERCARE, cid)["severity"] == "major"
    assert not app.get_complaint(desk.uow(), AFTERCARE, other["id"])["escalated"]
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
    app.resolve_complaint(desk.uow(), AFTERCARE, resolved, ResolveComplaint())
    assert not desk.complain("c-3", matter="m", customers_affected=4)["escalated"]


def test_A06_resolved_complaint_is_closed(desk: Desk) -> None:
    desk.sign()
    cid = desk.complain()["id"]
    done = app.resolve_complaint(desk.uow(), AFTERCARE, cid, ResolveComplaint(resolution="已修复"))
    assert done["status"] == "resolved" and not done["answer_overdue"]
    assert desk.events("complaint_resolved")[0]["complaint_id"] == cid
    for act in (lambda: app.resolve_complaint(desk.uow(), AFTERCARE, cid, ResolveComplaint()),
                lambda: app.answer_complaint(desk.uow(), AFTERCARE, cid, AnswerComplaint(text="x")),
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
        app.get_complaint(desk.uow("other"), other, cid)
    with pytest.raises(NotFound):
        desk.complain("c-1", by=other)
    with pytest.raises(NotFound):
        app.answer_complaint(desk.uow("other"), other, cid, AnswerComplaint(text="x"))
    assert app.list_complaints(desk.uow("other"), staff("hq", tenant="other"))["items"] == []


def test_P01_another_store_gets_not_found_and_lists_only_its_own(desk: Desk) -> None:
    desk.sign("c-a", store="A")
    desk.sign("c-b", store="B")
    a = desk.complain("c-a")["id"]
    b = desk.complain("c-b", by=staff("aftercare", store="B"))["id"]
    store_b = staff("aftercare", store="B")
    with pytest.raises(NotFound):
        app.get_complaint(desk.uow(), store_b, a)
    with pytest.raises(NotFound):
        desk.complain("c-a", by=store_b)
    with pytest.raises(NotFound):
        classify(desk, a, "valid", "minor", by=store_b)
    assert [c["id"] for c in app.list_complaints(desk.uow(), store_b)["items"]] == [b]
    assert app.list_complaints(desk.uow(), store_b, store="A")["items"] == []
    hq = staff("hq", store="-")
    assert {c["id"] for c in app.list_complaints(desk.uow(), hq)["items"]} == {a, b}
    assert [c["id"] for c in app.list_complaints(desk.uow(), hq, store="B")["items"]] == [b]


def test_complaints_list_filters_and_pages(desk: Desk) -> None:
    desk.sign("c-1")
    desk.sign("c-2")
    ids = [desk.complain("c-1")["id"] for _ in range(3)]
    desk.complain("c-2")
    app.resolve_complaint(desk.uow(), AFTERCARE, ids[0], ResolveComplaint())
    gm = staff("general_manager")
    page = app.list_complaints(desk.uow(), gm, contract_id="c-1", limit=2)
    assert [c["id"] for c in page["items"]] == [ids[2], ids[1]] and page["next_cursor"] == ids[1]
    rest = app.list_complaints(desk.uow(), gm, contract_id="c-1", limit=2, cursor=page["next_cursor"])
    assert [c["id"] for c in rest["items"]] == [ids[0]] and rest["next_cursor"] is None
    assert [c["id"] for c in app.list_complaints(desk.uow(), gm, status="resolved")["items"]] == [ids[0]]
    with pytest.raises(InvalidInput):
        app.list_complaints(desk.uow(), gm, status="lost")
    with pytest.raises(Forbidden):
        app.list_complaints(desk.uow(), staff("foreman"))
