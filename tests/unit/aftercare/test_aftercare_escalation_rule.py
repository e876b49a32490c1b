"""Rule A06 as pure domain functions: deadlines, overdue flags, escalation, classification."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from services.aftercare.domain import complaints
from services.aftercare.domain.complaints import escalation
from shared.errors import RuleViolation

T0 = datetime(2025, 12, 1, 2, 0, tzinfo=UTC)


@dataclass
class Complaint:
    status: str = "open"
    validity: str | None = None
    customers_affected: int = 1
    received_at: datetime = T0
    escalated_at: datetime | None = None
    severity: str | None = None
    loss_or_injury: bool = False
    repeat_of: str | None = None


def test_A06_deadlines_are_ten_minutes_and_one_day() -> None:
    due = complaints.deadlines(T0)
    assert due.pass_on_by == T0 + timedelta(minutes=10) and due.answer_by == T0 + timedelta(days=1)
    assert not complaints.pass_on_overdue("open", due.pass_on_by, due.pass_on_by)
    assert complaints.pass_on_overdue("open", due.pass_on_by, due.pass_on_by + timedelta(seconds=1))
    assert not complaints.pass_on_overdue("passed_on", due.pass_on_by, T0 + timedelta(hours=1))
    assert complaints.answer_overdue("passed_on", due.answer_by, T0 + timedelta(days=2))
    assert not complaints.answer_overdue("answered", due.answer_by, T0 + timedelta(days=2))


def test_A06_escalation_after_a_week_only_for_valid_unresolved_complaints() -> None:
    week = T0 + timedelta(weeks=1)
    esc = escalation(Complaint(validity="valid"), week, 0)
    assert esc is not None and esc.reason == "unresolved_a_week"
    assert esc.severity == "major" and esc.escalated_to == "general_manager"
    assert escalation(Complaint(validity="valid"), week - timedelta(seconds=1), 0) is None
    assert escalation(Complaint(validity=None), week, 0) is None
    assert escalation(Complaint(validity="invalid"), week, 0) is None
    assert escalation(Complaint(validity="valid", status="resolved"), week, 0) is None
    assert escalation(Complaint(validity="valid", escalated_at=T0), week, 0) is None


def test_A06_five_customers_on_one_matter_escalate_at_once() -> None:
    assert escalation(Complaint(), T0, 4) is None
    many = escalation(Complaint(), T0, 5)
    assert many is not None and many.reason == "many_customers_on_one_matter"
    assert escalation(Complaint(customers_affected=5), T0, 0) is not None
    assert escalation(Complaint(validity="invalid", customers_affected=9), T0, 9) is None


def test_A06_classification() -> None:
    assert complaints.classification("valid", "minor", escalated=False) == "minor"
    assert complaints.classification("valid", "minor", escalated=True) == "major"
    assert complaints.classification("invalid", None, escalated=True) is None
    with pytest.raises(RuleViolation):
        complaints.classification("valid", None, escalated=False)
    with pytest.raises(RuleViolation):
        complaints.classification("invalid", "major", escalated=False)


def test_A06_loss_or_injury_a_repeat_or_a_major_class_escalate_at_once() -> None:
    assert escalation(Complaint(loss_or_injury=True), T0, 0).reason == "loss_or_injury"  # type: ignore[union-attr]
    assert escalation(Complaint(repeat_of="c-0"), T0, 0).reason == "repeated_complaint"  # type: ignore[union-attr]
    major = escalation(Complaint(validity="valid", severity="major"), T0, 0)
    assert major is not None and (major.reason, major.escalated_to) == ("classed_major", "general_manager")
    assert escalation(Complaint(validity="valid", severity="important"), T0, 0) is None
    assert escalation(Complaint(validity="invalid", loss_or_injury=True), T0, 0) is None


def test_A06_class_deadlines_half_a_day_one_day_two_and_fifteen() -> None:
    from services.aftercare.domain.complaints import class_deadlines

    default = T0 + timedelta(days=1)
    assert class_deadlines(T0, "minor", default) == (T0 + timedelta(hours=12), None)
    assert class_deadlines(T0, "important", default) == (T0 + timedelta(days=1), None)
    assert class_deadlines(T0, "major", default) == (T0 + timedelta(days=2), T0 + timedelta(days=15))
    assert class_deadlines(T0, None, default) == (default, None)
