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
from shared.clock import local_today, utcnow
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
    today = local_today(now=moment)
    week = rules.week_of(today)
    with uow() as u:
        missed = [c.id for c in u.callbacks.scheduled_before(week) if c.miss_if_over(today)]
        scheduled = []
        for project in u.callbacks.under_construction_without(week):
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
        callback.record(by=principal.username, at=now, today=local_today(now=now), outcome=cmd.outcome,
                        complaint=cmd.complaint)
        u.commit()
        return CallbackRead.of(callback)
