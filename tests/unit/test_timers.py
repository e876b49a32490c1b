"""The platform's timers (issue 8, item 3): one ``@timer`` for nameko and embedded mode's scheduler."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR
from nameko.timer import Timer

from renoflow.embedded import EmbeddedPlatform, build_platform
from services.aftercare.service import ESCALATION_SWEEP_SECONDS, AftercareService
from shared.identity.context import CallContext
from shared.messaging.inprocess import InProcessServices
from shared.messaging.nameko_support import PlatformService, timer
from shared.messaging.timers import timer_interval
from shared.settings import Settings
from tests.unit.aftercare.conftest import Desk, contract_signed, staff


def _nameko_timers(method: Any) -> list[Timer]:
    return [e for e in getattr(method, ENTRYPOINT_EXTENSIONS_ATTR, ()) if isinstance(e, Timer)]


class Ticking:
    name = "ticking"
    runs: list[str] = []

    @timer(interval=7)
    def fails(self) -> None:
        self.runs.append("fails")
        raise RuntimeError("boom")

    @timer(interval=3)
    def works(self) -> None:
        self.runs.append("works")


def test_I8_timer_marks_the_entrypoint_for_nameko_and_the_embedded_scheduler() -> None:
    (entrypoint,) = _nameko_timers(AftercareService.escalate_overdue)
    assert entrypoint.interval == ESCALATION_SWEEP_SECONDS  # nameko runs it in distributed mode
    assert timer_interval(AftercareService.escalate_overdue) == ESCALATION_SWEEP_SECONDS  # the scheduler too
    # the relay is no timer of the platform (its own greenlet in nameko; after each commit embedded)
    assert [name for name, member in vars(PlatformService).items() if timer_interval(member)] == []


def test_I8_a_failing_timer_run_is_logged_and_swallowed(caplog: pytest.LogCaptureFixture) -> None:
    Ticking.runs = []
    Ticking().fails()  # no exception: the next run comes
    assert Ticking.runs == ["fails"]
    assert "timer ticking.fails failed" in caplog.text


def test_I8_scheduler_runs_each_timer_once_per_interval() -> None:
    services = InProcessServices()
    services.register(Ticking, None)  # type: ignore[arg-type]  # these timers use no resources
    Ticking.runs = []
    assert services.timers() == [("ticking", "fails", 7.0), ("ticking", "works", 3.0)]
    assert services.run_due_timers(now=100) == []  # like nameko: a first run one interval after start
    assert services.run_due_timers(now=102.9) == []
    assert services.run_due_timers(now=103) == ["ticking.works"]
    assert services.run_due_timers(now=107) == ["ticking.fails", "ticking.works"]  # one failing, the other runs
    assert services.run_due_timers(now=107) == []
    assert Ticking.runs == ["works", "fails", "works"]


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[EmbeddedPlatform]:
    platform = build_platform(Settings(data_dir=tmp_path, environment="test"))
    try:
        yield platform
    finally:
        platform.close()


def _overdue_complaint(platform: EmbeddedPlatform) -> CallContext:
    services = platform.services
    # The signing reaches aftercare's consumer only (the other consumers would want its lead).
    Desk(services.resources["aftercare"].db).deliver(contract_signed("c-timer"))
    ctx = CallContext(principal=staff("aftercare"))
    recorded = services.call("aftercare", "record_complaint", ctx, contract_id="c-timer", text="墙面开裂")
    services.call("aftercare", "classify_complaint", ctx, complaint_id=recorded["id"],
                  validity="valid", severity="minor")
    return ctx


def _escalated(platform: EmbeddedPlatform, ctx: CallContext) -> bool:
    (item,) = platform.services.call("aftercare", "list_complaints", ctx)["items"]
    return bool(item["severity"] == "major" and item["escalation_reason"] == "unresolved_a_week")


def test_I8_A06_embedded_scheduler_escalates_an_overdue_complaint_without_any_request(
        platform: EmbeddedPlatform) -> None:
    ctx = _overdue_complaint(platform)
    week_later = datetime.now(UTC) + timedelta(weeks=1, minutes=1)
    with patch("services.aftercare.service.utcnow", return_value=week_later):
        assert platform.run_due_timers(now=0) == []  # the scheduler starts its clocks
        assert not _escalated(platform, ctx)
        assert "aftercare.escalate_overdue" in platform.run_due_timers(now=ESCALATION_SWEEP_SECONDS)
    assert _escalated(platform, ctx)


def test_I8_embedded_timer_thread_ticks_until_close(platform: EmbeddedPlatform) -> None:
    ticked = threading.Event()
    tick = platform.services.run_due_timers

    def watched(now: float | None = None) -> list[str]:
        ran = tick(now)
        ticked.set()
        return ran

    with patch.object(platform.services, "run_due_timers", watched):
        platform.start_timer_thread(tick=0.01)
        assert ticked.wait(timeout=30)
        platform.close()
        assert all(not t.is_alive() for t in platform._threads)
