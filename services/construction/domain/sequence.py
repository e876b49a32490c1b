"""The construction sequence template (一般施工顺序), rule K07, as data plus two checks.

Each step names what must be done, and how far, before it may start and before it may complete.
A plain step needs its predecessor 100% done to start. Painting is the exception of K07: the base
coat (油漆底层) may start when carpentry base and carpentry finishing are each at least 80% done,
as the foreman records with ``percent``; the topcoat, and so completing painting, needs carpentry and
kitchen/bath tiling complete (floors and skirting come later and do not count).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from shared.errors import Conflict, InvalidInput


class StepStatus(StrEnum):
    """Where one step of one project stands."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


NOT_STARTED, IN_PROGRESS, COMPLETED = StepStatus.NOT_STARTED, StepStatus.IN_PROGRESS, StepStatus.COMPLETED
DONE = 100
#: K07: carpentry this far along lets the painting base coat start.
PAINT_BASE_THRESHOLD = 80


@dataclass(frozen=True)
class Step:
    """One step of the template: what must be how far done (percent) to start and to complete it."""

    name: str
    title: str
    start_after: Mapping[str, int]
    complete_after: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Progress:
    """Where a step of one project stands."""

    status: StepStatus = NOT_STARTED
    percent: int = 0


STEPS: tuple[Step, ...] = (
    Step("windows", "铝合金/塑钢窗", {}),
    Step("carpentry_base", "木工基层", {"windows": DONE}),
    Step("waterproofing", "防水", {"carpentry_base": DONE}),
    Step("carpentry_finishing", "木工收口", {"waterproofing": DONE}),
    Step("kitchen_bath_tiles", "厨卫贴砖", {"carpentry_finishing": DONE}),
    Step("painting", "油漆",
         {"carpentry_base": PAINT_BASE_THRESHOLD, "carpentry_finishing": PAINT_BASE_THRESHOLD},
         complete_after={"carpentry_base": DONE, "carpentry_finishing": DONE, "kitchen_bath_tiles": DONE}),
    Step("kitchen_bath_ceilings_living_floor", "厨卫吊顶及客厅地砖", {"painting": DONE}),
    Step("walls", "墙面", {"kitchen_bath_ceilings_living_floor": DONE}),
    Step("wood_floor", "木地板", {"walls": DONE}),
    Step("skirting", "踢脚线", {"wood_floor": DONE}),
    Step("fixtures", "灯具、洁具、五金", {"skirting": DONE}),
)
BY_NAME: dict[str, Step] = {s.name: s for s in STEPS}


def _check_reached(step: Step, needs: Mapping[str, int], progress: Mapping[str, Progress], verb: str) -> None:
    for name, percent in needs.items():
        now = progress.get(name, Progress())
        if now.percent < percent:
            how_far = "complete" if percent >= DONE else f"{percent}% done"
            raise Conflict(f"{step.name} ({step.title}) cannot {verb} before {name} "
                           f"({BY_NAME[name].title}) is {how_far}; it is {now.percent}%",
                           rule="K07", field="step")


def check_can_start(step: Step, progress: Mapping[str, Progress]) -> None:
    """K07: a step cannot start before its predecessors (painting: carpentry 80%)."""
    if progress.get(step.name, Progress()).status != NOT_STARTED:
        raise Conflict(f"{step.name} has already started", rule="K07", field="step")
    _check_reached(step, step.start_after, progress, "start")


def check_can_complete(step: Step, progress: Mapping[str, Progress], percent: int) -> None:
    """K07: progress only on a started step, never backwards; completing needs ``complete_after``."""
    now = progress.get(step.name, Progress())
    if now.status != IN_PROGRESS:
        raise Conflict(f"{step.name} is {now.status}, not in progress", rule="K07", field="step")
    if percent < now.percent:
        raise InvalidInput(f"progress cannot go back from {now.percent}% to {percent}%", rule="K07",
                           field="percent")
    if percent >= DONE:
        _check_reached(step, step.complete_after, progress, "complete")
