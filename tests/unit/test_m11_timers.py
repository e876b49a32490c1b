"""The S04 and K18 timers are platform timers: the embedded scheduler runs them, and two runs
produce each period's records once (no timer fires twice for one period)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from unittest.mock import patch

from sqlalchemy import func, select

from renoflow.embedded import build_platform
from shared.settings import Settings


def test_S04_embedded_scheduler_produces_the_weekly_statistics_once(tmp_path: Path) -> None:
    from services.reporting.adapters.orm import reporting_statements
    from services.reporting.service import WEEKLY_STATISTICS_SECONDS
    from tests.unit.reporting.test_weekly_statistics import Books, local

    platform = build_platform(Settings(data_dir=tmp_path, environment="test"))
    try:
        resources = platform.services.resources["reporting"]
        books = Books(resources.db, resources.documents)  # type: ignore[arg-type]
        books.lead(local("2026-11-30", 9))
        with patch("services.reporting.service.utcnow", return_value=local("2026-12-07", 1)):
            platform.run_due_timers(now=0)  # the scheduler's clock starts
            ran = platform.run_due_timers(now=WEEKLY_STATISTICS_SECONDS)
            ran += platform.run_due_timers(now=2 * WEEKLY_STATISTICS_SECONDS)
        assert ran.count("reporting.produce_weekly_statistics") == 2
        with resources.db.sessions() as s:
            assert s.execute(select(func.count()).select_from(reporting_statements)).scalar_one() == 1
            outbox = resources.tables.outbox
            assert s.execute(select(func.count()).select_from(outbox).where(
                outbox.c.event_type == "statistics_produced")).scalar_one() == 1
    finally:
        platform.close()


def test_K18_embedded_scheduler_schedules_the_weekly_callbacks_once(tmp_path: Path) -> None:
    from services.construction.adapters.orm import construction_callbacks
    from services.construction.service import CALLBACK_SECONDS
    from tests.unit.construction.conftest import Site
    from tests.unit.construction.test_construction_callbacks import under_construction

    platform = build_platform(Settings(data_dir=tmp_path, environment="test"))
    try:
        resources = platform.services.resources["construction"]
        under_construction(Site(resources.db, resources.documents))  # type: ignore[arg-type]
        with patch("services.construction.service.utcnow", return_value=datetime(2026, 12, 7, 2, tzinfo=UTC)):
            platform.run_due_timers(now=0)  # the scheduler's clock starts
            ran = platform.run_due_timers(now=CALLBACK_SECONDS)
            ran += platform.run_due_timers(now=2 * CALLBACK_SECONDS)
        assert ran.count("construction.schedule_callbacks") == 2
        with resources.db.sessions() as s:
            assert s.execute(select(func.count()).select_from(construction_callbacks)).scalar_one() == 1
    finally:
        platform.close()
