"""K18: the weekly callbacks of the projects under construction, scheduled by a timer and recorded
by engineering statistics; missed ones are counted once their week is over."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from services.construction.commands import ListCallbacks, RecordCallback
from services.construction.domain import callbacks as rules
from services.construction.domain.callbacks import Callback
from services.construction.ports import ConstructionUnitOfWork
from services.construction.results import CallbackPage, CallbackRead
from shared.clock import utcnow
from shared.errors import InvalidInput
from shared.identity.context import Principal
from shared.ids import new_id
from shared.persistence.paging import clamp, page, store_scope

UowFactory = Callable[[], ConstructionUnitOfWork]


def schedule_callbacks(uow: UowFactory, now: datetime | None = None) -> tuple[list[str], list[str]]:
    """K18 for one tenant: this week's callback for every project under construction (once per
    project and week), and past weeks' callbacks never made marked missed.

    Not an operation: the service's timer calls it for each tenant. Returns the projects scheduled
    now and the callbacks marked missed now.
    """
    moment = now or utcnow()
    with uow() as u:
        # Each store's week by its own zone: the stores of one tenant may lie in different zones.
        def today_of(store: str | None) -> date:
            return u.settings.effective(store).today(moment)

        snapshot = u.settings.snapshot()
        weeks = {rules.week_of(today_of(store)) for store in [None, *(snapshot.stores if snapshot else ())]}
        missed = [c.id for c in u.callbacks.scheduled_before(max(weeks)) if c.miss_if_over(today_of(c.store))]
        scheduled = []
        for project in [p for week in sorted(weeks) for p in u.callbacks.under_construction_without(week)
                        if rules.week_of(today_of(p.store)) == week]:
            week = rules.week_of(today_of(project.store))
            u.callbacks.add(Callback(id=new_id(), project_id=project.id, contract_id=project.contract_id,
                                     store=project.store, customer_name=project.customer_name, week=week,
                                     scheduled_at=moment))
            scheduled.append(project.id)
        u.commit()
    return scheduled, missed


def _week(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidInput("week must be a Monday written YYYY-MM-DD", rule="K18", field="week") from None
    if day.weekday() != 0:
        raise InvalidInput("a week is named by its Monday", rule="K18", field="week")
    return day


def list_callbacks(cmd: ListCallbacks, *, uow: UowFactory, principal: Principal) -> CallbackPage:
    """K18: the weekly callbacks of the caller's stores, for engineering statistics and the managers."""
    rules.check_may_read(principal.roles)
    week = _week(cmd.week)
    stores = store_scope(principal, cmd.store)
    limit = clamp(cmd.limit)
    with uow() as u:
        rows = u.callbacks.callbacks(stores=stores, week=week, status=cmd.status, project_id=cmd.project_id,
                                     limit=limit + 1, after=cmd.cursor)
        return CallbackPage.model_validate(page(rows, limit, CallbackRead.of))  # type: ignore[arg-type]


def record_callback(cmd: RecordCallback, *, uow: UowFactory, principal: Principal) -> CallbackRead:
    """K18: engineering statistics records this week's call to the customer (once; a past week is missed)."""
    rules.check_may_call(principal.roles)
    with uow() as u:
        callback = u.callbacks.callback(cmd.callback_id, lock=True)
        principal.require_store(callback.store, what="callback")
        now = utcnow()
        today = u.settings.effective(callback.store).today(now)
        callback.record(by=principal.username, at=now, today=today, outcome=cmd.outcome, complaint=cmd.complaint)
        u.commit()
        return CallbackRead.of(callback)
