"""QC inspections decided from the standard, and the rectification orders they open (K08).

An inspection keeps the version of the standard it was made under; each failed check opens a
《质量限期整改单》 with a deadline, and a failed serious check (structure, electrical safety) also
records a penalty for the crew (严重违规 … 对施工队予以重罚). An order closes only after a later
inspection of the same project passed its check.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from services.construction.domain.events import (
    CrewPenaltyRecorded,
    InspectionRecorded,
    QualityStandardAdopted,
    RectificationOrderClosed,
)
from services.construction.domain.quality import Standard, version_key
from shared.errors import Conflict, InvalidInput
from shared.messaging.events import Event

#: 限期整改: days the crew has to put a failed check right.
RECTIFICATION_DAYS = 3


class OrderStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class RectificationOrder:
    """《质量限期整改单》: one failed check to put right by ``due_on``."""

    events: list[Event]

    def __init__(self, *, id: str, project_id: str, store: str, inspection_id: str, trade: str, check_id: str,
                 clause: str, due_on: date, penalty: bool, opened_at: datetime) -> None:
        self.id, self.project_id, self.store, self.inspection_id = id, project_id, store, inspection_id
        self.trade, self.check_id, self.clause, self.due_on, self.penalty = trade, check_id, clause, due_on, penalty
        self.opened_at = opened_at
        self.status = OrderStatus.OPEN
        self.closed_at: datetime | None = None
        self.closed_by: str | None = None
        self.closing_inspection_id: str | None = None
        self.events = []

    def overdue(self, today: date) -> bool:
        """Still open after its deadline (限期整改 missed)."""
        return self.status == OrderStatus.OPEN and today > self.due_on

    def close(self, reinspection: Inspection | None, *, by: str, at: datetime) -> None:
        """K08: closed after a later inspection of the project passed this check."""
        if self.status == OrderStatus.CLOSED:
            raise Conflict("the rectification order is already closed", rule="K08")
        if reinspection is None or not reinspection.passed_check(self.check_id):
            raise Conflict(f"a passing re-inspection of {self.check_id} must come first", rule="K08")
        self.status, self.closed_at, self.closed_by = OrderStatus.CLOSED, at, by
        self.closing_inspection_id = reinspection.id
        self.events.append(RectificationOrderClosed(project_id=self.project_id, order_id=self.id,
                                                    check=self.check_id, inspection_id=reinspection.id))


class Inspection:
    """One QC inspection of one trade on one project, under one version of the standard."""

    events: list[Event]

    def __init__(self, *, id: str, project_id: str, store: str, trade: str, standard_version: str,
                 results: list[dict[str, Any]], passed: bool, inspected_by: str, inspected_at: datetime,
                 photos: Sequence[str] = ()) -> None:
        self.id, self.project_id, self.store, self.trade = id, project_id, store, trade
        self.standard_version, self.results, self.passed = standard_version, results, passed
        self.inspected_by, self.inspected_at = inspected_by, inspected_at
        #: The site photos taken during this inspection (document ids, in the order they were taken).
        self.photos = list(photos)
        self.events = []

    def passed_check(self, check_id: str) -> bool:
        """Whether this inspection observed ``check_id`` and it passed."""
        return any(r["check"] == check_id and r["passed"] for r in self.results)

    @classmethod
    def decide(cls, *, id: str, project_id: str, store: str, standard: Standard, trade: str,
               observations: Sequence[tuple[str, object]], by: str, at: datetime, today: date,
               order_ids: Sequence[str], photos: Sequence[str] = ()) -> tuple[Inspection, list[RectificationOrder]]:
        """K08: pass or fail per check from the standard's limits; each failure opens an order.

        ``photos`` are the documents of the site photos taken during it; they belong to it.
        """
        if len(set(photos)) != len(photos):
            raise InvalidInput("a photo is attached twice", rule="K08", field="photos")
        section = standard.trade(trade)
        seen: set[str] = set()
        results, orders = [], []
        ids = iter(order_ids)
        for i, (check_id, observed) in enumerate(observations):
            check = section.check(check_id, field=f"results.{i}.check")
            if check.id in seen:
                raise InvalidInput(f"{check.id} is observed twice", rule="K08", field=f"results.{i}.check")
            seen.add(check.id)
            ok = check.decide(observed, field=f"results.{i}.observed")
            results.append({"check": check.id, "clause": check.clause, "observed": observed, "passed": ok})
            if not ok:
                orders.append(RectificationOrder(
                    id=next(ids), project_id=project_id, store=store, inspection_id=id, trade=trade,
                    check_id=check.id, clause=check.clause, due_on=today + timedelta(days=RECTIFICATION_DAYS),
                    penalty=check.serious, opened_at=at))
        inspection = cls(id=id, project_id=project_id, store=store, trade=trade, standard_version=standard.version,
                         results=results, passed=not orders, inspected_by=by, inspected_at=at, photos=photos)
        inspection.events.append(InspectionRecorded(project_id=project_id, inspection_id=id, trade=trade,
                                                    standard_version=standard.version, passed=inspection.passed,
                                                    failed=[o.check_id for o in orders]))
        for order in orders:
            if order.penalty:
                inspection.events.append(CrewPenaltyRecorded(project_id=project_id, order_id=order.id,
                                                             check=order.check_id, clause=order.clause))
        return inspection, orders


class StandardAdoption:
    """The version of the standard a tenant inspects under; only a newer one can be adopted."""

    events: list[Event]

    def __init__(self, *, version: str, adopted_at: datetime, adopted_by: str) -> None:
        self.version, self.adopted_at, self.adopted_by = version, adopted_at, adopted_by
        self.events = []

    def adopt(self, version: str, *, by: str, at: datetime) -> None:
        """Move to a newer version; inspections made before keep theirs."""
        if version_key(version) <= version_key(self.version):
            raise Conflict(f"version {version} is not newer than the adopted {self.version}", rule="K08",
                           field="version")
        self.version, self.adopted_at, self.adopted_by = version, at, by
        self.events.append(QualityStandardAdopted(version_adopted=version))
