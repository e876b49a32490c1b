"""A06 by class (seed 003, turn 2): minor half a day, important 1 day, major answered in 2 days and
resolved in 15 and reported to the general manager at once; departments report back within 3
working days; a callback within a day of handling; loss or injury and repeats are major."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.errors import Conflict, Forbidden, InvalidInput, NotFound

from .conftest import T0, Desk, staff

AFTERCARE = staff("aftercare")


def classify(desk: Desk, cid: str, severity: str) -> dict:
    return dict(desk.call("classify_complaint", AFTERCARE, complaint_id=cid, validity="valid", severity=severity,
                          now=T0 + timedelta(minutes=5)))


def test_A06_minor_half_a_day_important_one_day(desk: Desk) -> None:
    desk.sign()
    minor = classify(desk, desk.complain()["id"], "minor")
    assert minor["answer_by"] == (T0 + timedelta(hours=12)).isoformat() and minor["resolve_by"] is None
    late = desk.call("get_complaint", AFTERCARE, complaint_id=minor["id"], now=T0 + timedelta(hours=13))
    assert late["answer_overdue"] is True
    important = classify(desk, desk.complain()["id"], "important")
    assert important["answer_by"] == (T0 + timedelta(days=1)).isoformat()
    assert desk.events("complaint_escalated") == []


def test_A06_major_answered_in_2_days_resolved_in_15_and_reported_at_once(desk: Desk) -> None:
    desk.sign()
    major = classify(desk, desk.complain()["id"], "major")
    assert (major["answer_by"], major["resolve_by"]) == ((T0 + timedelta(days=2)).isoformat(),
                                                         (T0 + timedelta(days=15)).isoformat())
    [reported] = desk.events("complaint_escalated")
    assert (reported["reason"], reported["escalated_to"]) == ("classed_major", "general_manager")
    overdue = desk.call("get_complaint", AFTERCARE, complaint_id=major["id"], now=T0 + timedelta(days=16))
    assert overdue["resolve_overdue"] is True


def test_A06_loss_or_injury_and_a_repeat_are_major_at_once(desk: Desk) -> None:
    desk.sign()
    hurt = desk.complain(loss_or_injury=True, text="吊顶脱落砸伤")
    assert (hurt["severity"], hurt["escalation_reason"], hurt["loss_or_injury"]) == ("major", "loss_or_injury", True)
    first = desk.complain(matter="卫生间渗水")
    assert first["escalated"] is False
    again = desk.complain(matter="卫生间渗水")
    assert (again["escalation_reason"], again["repeat_of"]) == ("repeated_complaint", first["id"])
    said = desk.complain(repeated=True)
    assert said["escalation_reason"] == "repeated_complaint"


def test_A06_a_department_reports_back_within_3_working_days(desk: Desk) -> None:
    desk.sign()
    cid = desk.complain(now=T0)["id"]  # 2025-12-01 10:00 in Shanghai, a Monday
    friday = T0 + timedelta(days=4)
    passed = desk.call("pass_on_complaint", AFTERCARE, complaint_id=cid, department="工程部", now=friday)
    assert passed["report_back_by"] == "2025-12-10"  # Fri + 3 working days → Wed
    assert desk.call("get_complaint", AFTERCARE, complaint_id=cid,
                     now=friday + timedelta(days=5))["report_back_overdue"] is False
    assert desk.call("get_complaint", AFTERCARE, complaint_id=cid,
                     now=friday + timedelta(days=6))["report_back_overdue"] is True
    person = desk.call("pass_on_complaint", AFTERCARE, complaint_id=desk.complain()["id"],
                       person="engineering_manager-a")
    assert person["report_back_by"] is None  # a person, not a department


def test_A06_a_callback_within_a_day_after_handling(desk: Desk) -> None:
    desk.sign()
    cid = desk.complain()["id"]
    with pytest.raises(Conflict):
        desk.call("call_back_complaint", AFTERCARE, complaint_id=cid, note="回访", satisfied=True)
    resolved = desk.call("resolve_complaint", AFTERCARE, complaint_id=cid, resolution="已返修",
                         now=T0 + timedelta(hours=3))
    assert resolved["callback_due_by"] == (T0 + timedelta(hours=27)).isoformat()
    with pytest.raises(Forbidden):
        desk.call("call_back_complaint", staff("designer"), complaint_id=cid, note="回访", satisfied=True)
    with pytest.raises(NotFound):
        desk.call("call_back_complaint", staff("aftercare", "B"), complaint_id=cid, note="回访", satisfied=True)
    with pytest.raises(InvalidInput):
        desk.call("call_back_complaint", AFTERCARE, complaint_id=cid, note="", satisfied=True)
    done = desk.call("call_back_complaint", AFTERCARE, complaint_id=cid, note="客户满意", satisfied=True)
    assert done["called_back_at"] and done["satisfied"] is True
    with pytest.raises(Conflict):
        desk.call("call_back_complaint", AFTERCARE, complaint_id=cid, note="again", satisfied=True)
