"""Complaints (《客户投诉记录单》, rule A06): deadlines, classes, and when one escalates.

The rules as functions over plain values; the complaint aggregate (``model.py``) applies them.

The figures come from the complaint procedure of seed 003 (首问责任人 passes on what cannot be
answered at once within 10 minutes, every request is answered within 1 day) and its definition of a
major complaint (重大投诉): a valid complaint not resolved within a week, or one matter that brings
five or more customers (同时引起5个以上客户就同一事件投诉). Major complaints go to the general manager.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from services.aftercare.domain.archive import ARCHIVE_READERS
from shared.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from shared.identity.context import ROLES

#: "aftercare, any staff" (api.md): whoever the customer reaches records the complaint.
RECORDERS = ROLES
#: 投诉性质由项目主管界定: aftercare and the engineering manager class complaints.
CLASSIFIERS = ("aftercare", "engineering_manager")
#: Who answers and closes complaints.
HANDLERS = ("aftercare", "engineering_manager", "studio_manager", "general_manager")
#: K18: the general manager, store manager and engineering manager read the complaint records.
READERS = (*ARCHIVE_READERS, "engineering_manager")

PASS_ON_WITHIN = timedelta(minutes=10)
ANSWER_WITHIN = timedelta(days=1)
ESCALATE_UNRESOLVED_AFTER = timedelta(weeks=1)
MANY_CUSTOMERS = 5
ESCALATE_TO = "general_manager"


class ComplaintStatus(StrEnum):
    """Where a complaint stands: with its receiver, passed on, answered, or resolved and closed."""

    OPEN = "open"
    PASSED_ON = "passed_on"
    ANSWERED = "answered"
    RESOLVED = "resolved"


class Validity(StrEnum):
    """A06: 有效投诉 or 无效投诉, as aftercare or the engineering manager class it."""

    VALID = "valid"
    INVALID = "invalid"


OPEN, PASSED_ON, ANSWERED, RESOLVED = (ComplaintStatus.OPEN, ComplaintStatus.PASSED_ON, ComplaintStatus.ANSWERED,
                                       ComplaintStatus.RESOLVED)
STATUSES = tuple(ComplaintStatus)
VALID, INVALID = Validity.VALID, Validity.INVALID

#: 重大 / 重要 / 轻微投诉.
SEVERITIES: dict[str, str] = {"major": "重大投诉", "important": "重要投诉", "minor": "轻微投诉"}
MAJOR = "major"

UNRESOLVED_A_WEEK = "unresolved_a_week"
MANY_CUSTOMERS_ON_ONE_MATTER = "many_customers_on_one_matter"
LOSS_OR_INJURY = "loss_or_injury"
REPEATED = "repeated_complaint"
CLASSED_MAJOR = "classed_major"

#: A06 by class (seed 003): minor at once, at the latest within half a day; important within a day;
#: major a clear answer within 2 days and resolved within 15.
ANSWER_WITHIN_BY_SEVERITY = {"minor": timedelta(hours=12), "important": timedelta(days=1),
                             "major": timedelta(days=2)}
RESOLVE_MAJOR_WITHIN = timedelta(days=15)
#: Seed 002 3.4.2.2: a department a complaint was passed on to reports back within 3 working days.
REPORT_BACK_WORKING_DAYS = 3
#: A callback within 1 day after handling.
CALLBACK_WITHIN = timedelta(days=1)


class ComplaintFacts(Protocol):
    """What the escalation rule reads of a complaint."""

    @property
    def status(self) -> str: ...

    @property
    def validity(self) -> str | None: ...

    @property
    def customers_affected(self) -> int: ...

    @property
    def received_at(self) -> datetime: ...

    @property
    def escalated_at(self) -> datetime | None: ...

    @property
    def severity(self) -> str | None: ...

    @property
    def loss_or_injury(self) -> bool: ...

    @property
    def repeat_of(self) -> str | None: ...


@dataclass(frozen=True)
class Deadlines:
    """When a complaint must be passed on (if not answered at once) and answered."""

    pass_on_by: datetime
    answer_by: datetime


@dataclass(frozen=True)
class Escalation:
    """A06: the complaint becomes major and goes to the general manager, and why."""

    reason: str
    detail: str
    severity: str = MAJOR
    escalated_to: str = ESCALATE_TO


def deadlines(received_at: datetime) -> Deadlines:
    """A06: passed on within 10 minutes, answered within 1 day of being received."""
    return Deadlines(received_at + PASS_ON_WITHIN, received_at + ANSWER_WITHIN)


def class_deadlines(received_at: datetime, severity: str | None,
                    default_answer_by: datetime) -> tuple[datetime, datetime | None]:
    """A06 by class: when the answer is due and (major only) when it must be resolved."""
    if severity not in ANSWER_WITHIN_BY_SEVERITY:
        return default_answer_by, None
    resolve_by = received_at + RESOLVE_MAJOR_WITHIN if severity == MAJOR else None
    return received_at + ANSWER_WITHIN_BY_SEVERITY[severity], resolve_by


def check_callback(status: str, called_back_at: datetime | None) -> None:
    """A06: the callback follows the handling (the complaint is resolved), once."""
    if status != RESOLVED:
        raise Conflict("the callback follows the complaint's resolution", rule="A06", field="status")
    if called_back_at is not None:
        raise Conflict("the callback is already recorded", rule="A06", field="status")


def pass_on_overdue(status: str, pass_on_by: datetime, now: datetime) -> bool:
    """A06: still with its first receiver (neither passed on nor answered) after 10 minutes."""
    return status == OPEN and now > pass_on_by


def answer_overdue(status: str, answer_by: datetime, now: datetime) -> bool:
    """A06: not answered (nor resolved) a day after it was received."""
    return status in (OPEN, PASSED_ON) and now > answer_by


def escalation(complaint: ComplaintFacts, now: datetime, matter_total: int) -> Escalation | None:
    """A06: whether a complaint becomes major and escalates now; None if not (or already did).

    ``matter_total`` is the number of customers of the tenant's unresolved complaints on the same
    matter (this one included). A complaint classed invalid never escalates.
    """
    if complaint.status == RESOLVED or complaint.escalated_at is not None or complaint.validity == INVALID:
        return None
    customers = max(matter_total, complaint.customers_affected)
    if complaint.loss_or_injury:
        return Escalation(LOSS_OR_INJURY, "the customer suffered a loss or an injury")
    if complaint.repeat_of:
        return Escalation(REPEATED, f"the customer complains again (after complaint {complaint.repeat_of})")
    if complaint.validity == VALID and complaint.severity == MAJOR:
        return Escalation(CLASSED_MAJOR, "classed a major complaint")
    if customers >= MANY_CUSTOMERS:
        return Escalation(MANY_CUSTOMERS_ON_ONE_MATTER, f"{customers} customers complain about one matter")
    if complaint.validity == VALID and now - complaint.received_at >= ESCALATE_UNRESOLVED_AFTER:
        return Escalation(UNRESOLVED_A_WEEK, "a valid complaint unresolved a week after it was received")
    return None


def classification(validity: str, severity: str | None, *, escalated: bool) -> str | None:
    """A06: a valid complaint is major, important or minor; an invalid one has no severity.

    An escalated complaint stays major whatever severity it is given.
    """
    if validity == VALID:
        if severity is None:
            raise RuleViolation("a valid complaint needs a severity: major, important or minor",
                                rule="A06", field="severity")
        if severity not in SEVERITIES:
            raise InvalidInput(f"unknown severity {severity!r}", rule="A06", field="severity")
        return MAJOR if escalated else severity
    if validity == INVALID:
        if severity is not None:
            raise RuleViolation("an invalid complaint has no severity", rule="A06", field="severity")
        return None
    raise InvalidInput(f"unknown validity {validity!r}", rule="A06", field="validity")


def check_open(status: str, action: str) -> None:
    """A resolved complaint is closed: nothing more happens to it."""
    if status == RESOLVED:
        raise Conflict(f"the complaint is resolved; it cannot be {action}", rule="A06", field="status")


def check_passable(status: str) -> None:
    """Only a complaint not yet answered is passed on (again, to someone else if need be)."""
    check_open(status, "passed on")
    if status == ANSWERED:
        raise Conflict("the complaint is already answered", rule="A06", field="status")


def check_answerable(status: str) -> None:
    """A complaint is answered once."""
    check_open(status, "answered")
    if status == ANSWERED:
        raise Conflict("the complaint is already answered", rule="A06", field="status")


def check_pass_on_target(department: str | None, person: str | None) -> None:
    """A complaint is passed on to a department or a person (首问责任人转报其他部门)."""
    if not department and not person:
        raise InvalidInput("name the department or the person the complaint goes to", rule="A06",
                           field="department")


def check_may_pass_on(roles: Iterable[str], username: str, received_by: str) -> None:
    """A06: aftercare, the handlers, or the staff member who received it (首问责任人) pass it on."""
    if username != received_by and not set(roles) & {"aftercare", *HANDLERS}:
        raise Forbidden("only aftercare, the complaint handlers or its receiver may pass it on", rule="A06")
