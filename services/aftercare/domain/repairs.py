"""Repairs (《报修记录、派工、验收、回访单》, A04) and their cost approvals (A05), as rules over values.

Seed 002 3.4.5 and 3.5: a site survey within 1 working day decides who is responsible
(《现场勘察会签表》); a single-trade repair is done within 3 working days, a multi-trade one within
7 (longer only with the customer's recorded consent); the customer signs the acceptance; a
callback follows within 1 working day of completion. Urgent repairs (burst pipe, smoking
electrics, no water or power) go first. Costs are approved by amount; settlements above 20,000
yuan are audited (3.5.6). Class A costs are charged to the responsible crew's quality deposit (3.5.9).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from enum import StrEnum

from shared.errors import Conflict, Forbidden, RuleViolation

SURVEY_WITHIN = 1
SINGLE_TRADE_WITHIN = 3
MULTI_TRADE_WITHIN = 7
CALLBACK_WITHIN = 1
#: A04: orders not returned by 17:00 (store time) are listed for the department head.
RETURN_BY_HOUR = 17

#: Who records and runs repair orders (客服/售后) and their department head (客户服务部经理).
RECORDERS = ("aftercare", "aftercare_manager")
DEPARTMENT_HEADS = ("aftercare_manager",)
READERS = (*RECORDERS, "engineering_manager", "studio_manager", "general_manager", "hq", "tenant_admin",
           "deputy_chief_engineer", "deputy_general_manager", "auditor")

#: A05 approval tiers (seed 002 3.5.6): up to 1,000 the aftercare manager; above it up to 10,000
#: the deputy chief engineer and the deputy general manager (both); above 10,000 the general manager.
TIER_1, TIER_2 = Decimal("1000"), Decimal("10000")
#: Settlements above this are audited by the audit department (审计部) as well.
AUDIT_ABOVE = Decimal("20000")


class RepairStatus(StrEnum):
    RECORDED = "recorded"
    SURVEYED = "surveyed"
    DISPATCHED = "dispatched"
    COMPLETED = "completed"
    CALLED_BACK = "called_back"


class Responsibility(StrEnum):
    """Who the survey found responsible (现场勘察): the crew's work, the customer, or neither."""

    CREW = "crew"
    CUSTOMER = "customer"
    OTHER = "other"


ORDER = [s.value for s in RepairStatus]


def repair_class(in_warranty: bool) -> str:
    """A01: A in warranty (free, charged to the crew's deposit), B outside it."""
    return "A" if in_warranty else "B"


def work_days(multi_trade: bool) -> int:
    """A04: single-trade within 3 working days, multi-trade within 7."""
    return MULTI_TRADE_WITHIN if multi_trade else SINGLE_TRADE_WITHIN


def check_step(status: str, expected: str, action: str) -> None:
    """The order's steps follow record → survey → dispatch → complete → callback."""
    if status != expected:
        raise Conflict(f"the repair is {status}; it can be {action} only when {expected}", rule="A04",
                       field="status")


def check_extension(due_on: date, new_due_on: date, customer_consent: bool) -> None:
    """A04: longer than 3 / 7 working days only with the customer's recorded consent."""
    if new_due_on > due_on and not customer_consent:
        raise RuleViolation("a repair takes longer than its working days only with the customer's consent",
                            rule="A04", field="customer_consent")


def approver_roles(amount: Decimal, *, manager_up_to: Decimal = TIER_1, deputies_up_to: Decimal = TIER_2,
                   audit_above: Decimal = AUDIT_ABOVE) -> tuple[str, ...]:
    """A05: the roles that must all approve a repair cost of ``amount`` (plus audit above the audit line).

    The tiers are the tenant's settings; their defaults are seed 002's 1,000 / 10,000 / 20,000.
    """
    if amount <= manager_up_to:
        roles: tuple[str, ...] = ("aftercare_manager",)
    elif amount <= deputies_up_to:
        roles = ("deputy_chief_engineer", "deputy_general_manager")
    else:
        roles = ("general_manager",)
    return (*roles, "auditor") if amount > audit_above else roles


#: A01: class B repairs are borne by the company unless the tenant charges the customer.
B_REPAIR_CHARGED_TO = "company"


def charged_to(repair_class: str, b_repair_charged_to: str = B_REPAIR_CHARGED_TO) -> str:
    """A01, A05: who pays an approved cost: class A the crew's quality deposit (3.5.9), class B the
    company or, where the tenant says so, the customer."""
    if repair_class == "A":
        return "crew_quality_deposit"
    return "customer" if b_repair_charged_to == "customer" else "company"


def check_may_approve(roles: Iterable[str], wanted: Iterable[str], done: Iterable[str]) -> str:
    """A05: the caller holds one of the approvals still missing; the role they approve as."""
    missing = [r for r in wanted if r not in set(done)]
    if not missing:
        raise Conflict("the cost is already approved", rule="A05", field="status")
    mine = [r for r in missing if r in set(roles)]
    if not mine:
        raise Forbidden(f"this amount is approved by {', '.join(missing)}", rule="A05")
    return mine[0]
