"""On-site measurement (上门量房): scheduling under S05 and the measurement record of S06."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from shared.errors import Conflict, RuleViolation

#: S06 wall structure judgement, with what the customer is told about each (验收标准 1.0.5).
WALL_STRUCTURES: dict[str, tuple[str, str]] = {
    "load_bearing": ("承重墙", "不得拆除,不得开洞 (1.0.5)"),
    "partition": ("非承重隔墙", "可按设计拆改"),
    "insulation": ("保温墙", "未经有关部门批准不得拆改 (1.0.5)"),
    "seismic": ("抗震墙", "不得拆除,不得开洞 (1.0.5)"),
    "unknown": ("结构待确认", "施工前须核实结构,未确认前按承重墙对待"),
}


class VisitStatus(StrEnum):
    """Where a measurement visit request stands (S05)."""

    AWAITING_APPROVAL = "awaiting_approval"
    SCHEDULED = "scheduled"


def initial_status(deposit_paid: bool) -> VisitStatus:
    """S05: a measurement request is never refused; without a deposit (订金) it waits for approval."""
    return VisitStatus.SCHEDULED if deposit_paid else VisitStatus.AWAITING_APPROVAL


def check_can_approve(status: str) -> None:
    """Only a request still waiting for the studio manager can be approved."""
    if status != VisitStatus.AWAITING_APPROVAL:
        raise Conflict(f"the measurement request is {status}, not awaiting approval", field="status")


def check_visit_scheduled(statuses: list[str]) -> None:
    """S05: the visit happens only once scheduled, so a measurement needs a scheduled request."""
    if VisitStatus.SCHEDULED not in statuses:
        raise RuleViolation(
            "no scheduled measurement visit: request one, and without a deposit (订金) have the studio "
            "manager approve it first",
            rule="S05", field="measurement_request",
        )


@dataclass(frozen=True)
class Room:
    """A measured room; dimensions in metres (量房时要力求数字准确)."""

    name: str
    length_m: Decimal
    width_m: Decimal
    height_m: Decimal

    @property
    def floor_area_m2(self) -> Decimal:
        return (self.length_m * self.width_m).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def total_floor_area(rooms: list[Room]) -> Decimal:
    """Sum of the rooms' floor areas."""
    return sum((r.floor_area_m2 for r in rooms), Decimal("0.00"))
