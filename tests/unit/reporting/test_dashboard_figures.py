"""The dashboard's figures are the sums of the records behind them (R01), whatever the order and
repetition of the events that carry them; periods and roles are checked (R01, R02)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.reporting.adapters.orm import PLATFORM, metadata
from services.reporting.adapters.unit_of_work import ReportingUnitOfWork
from services.reporting.operations import EVENT_HANDLERS, OPERATIONS
from shared.errors import Forbidden, InvalidInput, NotFound
from shared.identity.context import Principal
from shared.ids import new_id
from shared.messaging.consumers import handle
from shared.persistence.db import ServiceDatabase

BEIJING = ZoneInfo("Asia/Shanghai")
DASHBOARD = OPERATIONS[0]
START = datetime(2026, 1, 1, tzinfo=UTC)
STORES = ("A", "B", "C")


def staff(role: str, stores: tuple[str, ...] = ("A",), tenant: str = "demo") -> Principal:
    return Principal(tenant_id=tenant, user_id=role, username=role, roles=frozenset({role}),
                     stores=frozenset(stores))


class Model:
    def __init__(self, db: ServiceDatabase) -> None:
        self.db = db

    def deliver(self, event: dict[str, Any]) -> None:
        for c in EVENT_HANDLERS:
            if c.source == event["source"] and c.event_type == event["event_type"]:
                handle(c, "reporting", lambda t: ReportingUnitOfWork(self.db, PLATFORM, t), event)

    def dashboard(self, principal: Principal, **fields: Any) -> dict[str, Any]:
        deps = {"uow": lambda: ReportingUnitOfWork(self.db, PLATFORM, principal.tenant_id), "principal": principal}
        return DASHBOARD.run(fields, deps)  # type: ignore[no-any-return]


@pytest.fixture
def model() -> Iterator[Model]:
    db = ServiceDatabase("reporting", "sqlite://")
    metadata.create_all(db.engine)
    yield Model(db)
    db.dispose()


def event(source: str, event_type: str, at: datetime, tenant: str = "demo", **fields: Any) -> dict[str, Any]:
    return {"event_id": new_id(), "event_type": event_type, "version": 1, "tenant_id": tenant,
            "occurred_at": at.isoformat(), "trace": {}, "source": source, **fields}


@dataclass
class World:
    """Generated records, the events that announce them, and the figures they must add up to."""

    events: list[dict[str, Any]] = field(default_factory=list)
    leads: list[tuple[str, date]] = field(default_factory=list)
    contracts: list[tuple[str, date, Decimal]] = field(default_factory=list)
    receipts: list[tuple[str, date, Decimal]] = field(default_factory=list)
    projects: list[tuple[str, date, date | None]] = field(default_factory=list)
    complaints: list[tuple[str, date, date | None]] = field(default_factory=list)

    def expected(self, start: date, end: date, store: str) -> dict[str, Any]:
        def within(d: date) -> bool:
            return start <= d <= end
        value_to_end = sum((v for s, d, v in self.contracts if s == store and d <= end), Decimal(0))
        received_to_end = sum((v for s, d, v in self.receipts if s == store and d <= end), Decimal(0))
        return {
            "leads": sum(1 for s, d in self.leads if s == store and within(d)),
            "contracts_signed": sum(1 for s, d, _ in self.contracts if s == store and within(d)),
            "contract_value": f"{sum((v for s, d, v in self.contracts if s == store and within(d)), Decimal(0)):.2f}",
            "received": f"{sum((v for s, d, v in self.receipts if s == store and within(d)), Decimal(0)):.2f}",
            "outstanding": f"{value_to_end - received_to_end:.2f}",
            "projects_in_progress": sum(1 for s, o, f in self.projects
                                        if s == store and o <= end and (f is None or f > end)),
            "complaints_open": sum(1 for s, r, x in self.complaints
                                   if s == store and r <= end and (x is None or x > end)),
        }


def day_of(at: datetime) -> date:
    return at.astimezone(BEIJING).date()


@st.composite
def worlds(draw: st.DrawFn) -> World:
    w = World()
    moment = st.integers(min_value=0, max_value=60 * 24 * 60).map(lambda m: START + timedelta(minutes=m))
    store = st.sampled_from(STORES)
    for _ in range(draw(st.integers(0, 8))):
        at, s = draw(moment), draw(store)
        w.leads.append((s, day_of(at)))
        w.events.append(event("sales", "lead_registered", at, lead_id=new_id(), store=s))
    for _ in range(draw(st.integers(0, 6))):
        at, s = draw(moment), draw(store)
        cid, total = new_id(), Decimal(draw(st.integers(1, 10_000_000))) / 100
        w.contracts.append((s, day_of(at), total))
        w.events.append(event("contracts", "contract_signed", at, contract_id=cid, store=s, total=f"{total:.2f}"))
        # its payments: recorded as received, in transit then confirmed, or in transit still (F01)
        for _ in range(draw(st.integers(0, 3))):
            pid, amount = new_id(), Decimal(draw(st.integers(1, 1_000_000))) / 100
            paid_at, how = at + timedelta(minutes=draw(st.integers(0, 30 * 24 * 60))), draw(
                st.sampled_from(["received", "confirmed", "in_transit"]))
            status = "received" if how == "received" else "in_transit"
            w.events.append(event("finance", "payment_recorded", paid_at, payment_id=pid, contract_id=cid,
                                  amount=f"{amount:.2f}", status=status))
            if how == "received":
                w.receipts.append((s, day_of(paid_at), amount))
            if how == "confirmed":
                confirmed_at = paid_at + timedelta(hours=draw(st.integers(0, 72)))
                w.receipts.append((s, day_of(confirmed_at), amount))
                w.events.append(event("finance", "payment_confirmed", confirmed_at, payment_id=pid,
                                      contract_id=cid, amount=f"{amount:.2f}"))
    for _ in range(draw(st.integers(0, 5))):
        at, s, pid = draw(moment), draw(store), new_id()
        w.events.append(event("construction", "project_opened", at, project_id=pid, store=s))
        w.events.append(event("construction", "step_completed", at, project_id=pid, step="windows"))
        finished = None
        if draw(st.booleans()):
            done_at = at + timedelta(days=draw(st.integers(0, 40)))
            finished = day_of(done_at)
            w.events.append(event("construction", "step_completed", done_at, project_id=pid, step="fixtures"))
        w.projects.append((s, day_of(at), finished))
    for _ in range(draw(st.integers(0, 5))):
        at, s, cid = draw(moment), draw(store), new_id()
        w.events.append(event("aftercare", "complaint_recorded", at, complaint_id=cid, store=s))
        resolved = None
        if draw(st.booleans()):
            resolved_at = at + timedelta(hours=draw(st.integers(0, 24 * 20)))
            resolved = day_of(resolved_at)
            w.events.append(event("aftercare", "complaint_resolved", resolved_at, complaint_id=cid, store=s))
        w.complaints.append((s, day_of(at), resolved))
    # Delivered in any order (each handler has its own queue), some of them twice (P03).
    order = draw(st.permutations(range(len(w.events))))
    again = draw(st.lists(st.integers(0, max(len(w.events) - 1, 0)), max_size=5)) if w.events else []
    w.events = [w.events[i] for i in order] + [w.events[i] for i in again]
    return w


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(world=worlds(), first=st.integers(0, 90), length=st.integers(0, 60))
def test_R01_figures_are_the_sums_of_the_records_behind_them(model: Model, world: World, first: int,
                                                             length: int) -> None:
    tenant = f"t{uuid.uuid4().hex[:12]}"  # each example its own tenant: the fixture's database outlives examples
    for e in world.events:
        model.deliver({**e, "tenant_id": tenant})
    start = START.date() + timedelta(days=first)
    end = start + timedelta(days=length)
    answer = model.dashboard(staff("hq", tenant=tenant), **{"from": start.isoformat(), "to": end.isoformat()})
    shown = {s["store"]: s for s in answer["stores"]}
    for store in STORES:
        want = world.expected(start, end, store)
        got = {k: v for k, v in shown.get(store, {}).items() if k in want} if store in shown else None
        assert got == want or (got is None and not any(v not in (0, "0.00") for v in want.values())), store
    for figure in ("leads", "contracts_signed", "projects_in_progress", "complaints_open"):
        assert answer["total"][figure] == sum(s[figure] for s in answer["stores"])
    for money in ("contract_value", "received", "outstanding"):
        assert Decimal(answer["total"][money]) == sum((Decimal(s[money]) for s in answer["stores"]), Decimal(0))


def test_R01_a_payment_at_23_30_in_beijing_counts_for_that_local_day(model: Model) -> None:
    signed_at = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    model.deliver(event("contracts", "contract_signed", signed_at, contract_id="c1", store="A", total="5000.00"))
    late = datetime(2026, 3, 10, 23, 30, tzinfo=BEIJING)  # 15:30 UTC, still 10 March in Beijing
    model.deliver(event("finance", "payment_recorded", late, payment_id="p1", contract_id="c1", amount="300.00",
                        status="received"))
    early = datetime(2026, 3, 11, 0, 30, tzinfo=BEIJING)  # 16:30 UTC on 10 March: 11 March in Beijing
    model.deliver(event("finance", "payment_recorded", early, payment_id="p2", contract_id="c1", amount="50.00",
                        status="received"))
    hq = staff("hq")
    tenth = model.dashboard(hq, **{"from": "2026-03-10", "to": "2026-03-10"})["stores"][0]
    assert tenth["received"] == "300.00"
    eleventh = model.dashboard(hq, **{"from": "2026-03-11", "to": "2026-03-11"})["stores"][0]
    assert eleventh["received"] == "50.00" and eleventh["outstanding"] == "4650.00"


def test_R01_a_store_in_urumqi_counts_by_its_own_local_day(model: Model) -> None:
    settings = {"tenant_id": "demo", "version": 1, "hq": {},
                "stores": {"A": {"name": "乌鲁木齐店", "overrides": {"timezone": "Asia/Urumqi"}}}}
    push = next(o for o in OPERATIONS if o.rpc_name == "apply_tenant_settings")
    push.run({"snapshot": settings}, {"uow": lambda: ReportingUnitOfWork(model.db, PLATFORM, "demo"),
                                      "principal": staff("tenant_admin", stores=())})
    evening = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)  # 01:00 on 11 March in Beijing, 23:00 on 10 March in Urumqi
    for store in ("A", "B"):
        model.deliver(event("contracts", "contract_signed", evening, contract_id=f"c-{store}", store=store,
                            total="5000.00"))
    hq = staff("hq", stores=("A", "B"))
    def signed_on(day: str) -> dict[str, int]:
        answer = model.dashboard(hq, **{"from": day, "to": day})["stores"]
        return {s["store"]: s["contracts_signed"] for s in answer if s["contracts_signed"]}

    assert (signed_on("2026-03-10"), signed_on("2026-03-11")) == ({"A": 1}, {"B": 1})


def test_F01_money_in_transit_is_not_received_until_finance_confirms(model: Model) -> None:
    at = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    model.deliver(event("contracts", "contract_signed", at, contract_id="c1", store="A", total="5000.00"))
    model.deliver(event("finance", "payment_recorded", at, payment_id="p1", contract_id="c1", amount="800.00",
                        status="in_transit"))
    period = {"from": "2026-03-01", "to": "2026-03-31"}
    assert model.dashboard(staff("hq"), **period)["stores"][0]["received"] == "0.00"
    confirmed = event("finance", "payment_confirmed", at + timedelta(days=2), payment_id="p1", contract_id="c1",
                      amount="800.00")
    model.deliver(confirmed)
    model.deliver({**confirmed, "event_id": new_id()})  # announced again: counted once
    assert model.dashboard(staff("hq"), **period)["stores"][0]["received"] == "800.00"


def test_R01_roles_and_stores(model: Model) -> None:
    at = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    for store in ("A", "B"):
        model.deliver(event("sales", "lead_registered", at, lead_id=new_id(), store=store))
    period = {"from": "2026-03-01", "to": "2026-03-01"}
    assert [s["store"] for s in model.dashboard(staff("general_manager"), **period)["stores"]] == ["A", "B"]
    assert [s["store"] for s in model.dashboard(staff("studio_manager"), **period)["stores"]] == ["A"]
    with pytest.raises(NotFound):
        model.dashboard(staff("studio_manager"), **period, store="B")
    for role in ("designer", "finance", "tenant_admin", "marketing"):
        with pytest.raises(Forbidden):
            model.dashboard(staff(role), **period)
    assert model.dashboard(staff("hq", tenant="other"), **period)["stores"] == []


@pytest.mark.parametrize(("start", "end"), [("2026-03-02", "2026-03-01"), ("2020-01-01", "2026-01-01"),
                                            ("2026-02-30", "2026-03-01"), ("2026-03-01", "2026-13-01")])
def test_R02_absurd_periods_are_refused(model: Model, start: str, end: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        model.dashboard(staff("hq"), **{"from": start, "to": end})
    assert refused.value.rule == "R02"
