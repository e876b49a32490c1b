"""K18: engineering statistics phones every customer weekly during construction; the calls are
scheduled once per project and week, recorded done, or counted missed when the week is over."""

from __future__ import annotations

from datetime import UTC, datetime
from unittest.mock import patch

import pytest

from services.construction.adapters.repository import tenants_to_sweep
from services.construction.application import callbacks as app
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound

from .conftest import Site, staff

STATS, FOREMAN = staff("engineering_stats"), staff("foreman")


def local(day: str, hour: int) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+08:00").astimezone(UTC)


def under_construction(site: Site, contract_id: str = "c-1") -> str:
    project_id = site.open(contract_id)
    site.ready(project_id)
    site.call("start_step", FOREMAN, project_id=project_id, step="windows")
    return project_id


def record(site: Site, callback_id: str, at: datetime, principal=STATS, **fields: object) -> dict:
    with patch("services.construction.application.callbacks.utcnow", return_value=at):
        return site.call("record_callback", principal, callback_id=callback_id,  # type: ignore[no-any-return]
                         **({"outcome": "客户满意，询问油漆颜色"} | fields))


def test_K18_one_callback_per_project_under_construction_and_week(site: Site) -> None:
    building = under_construction(site)
    site.open("c-2")  # awaiting handover: not under construction yet
    assert tenants_to_sweep(site.db) == ["demo"]
    assert app.schedule_callbacks(site.uow(), local("2026-12-07", 0)) == ([building], [])
    assert app.schedule_callbacks(site.uow(), local("2026-12-09", 15)) == ([], [])  # once a week
    [call] = site.call("list_callbacks", STATS)["items"]
    assert (call["project_id"], call["week"], call["due_on"], call["status"]) == (
        building, "2026-12-07", "2026-12-13", "scheduled")
    done = record(site, call["id"], local("2026-12-10", 10), complaint=True)
    assert (done["status"], done["called_by"], done["complaint"]) == ("done", "engineering_stats-a", True)
    with pytest.raises(Conflict) as again:
        record(site, call["id"], local("2026-12-10", 11))
    assert again.value.rule == "K18"
    # The next week: a new call; the week after, the unrecorded one is missed.
    scheduled, missed = app.schedule_callbacks(site.uow(), local("2026-12-14", 0))
    assert (scheduled, missed) == ([building], [])
    second = site.call("list_callbacks", STATS, week="2026-12-14")["items"][0]
    scheduled, missed = app.schedule_callbacks(site.uow(), local("2026-12-21", 0))
    assert (scheduled, missed) == ([building], [second["id"]])
    with pytest.raises(Conflict) as late:
        record(site, second["id"], local("2026-12-21", 9))
    assert late.value.rule == "K18" and "missed" in late.value.detail
    statuses = [c["status"] for c in site.call("list_callbacks", staff("general_manager"))["items"]]
    assert sorted(statuses) == ["done", "missed", "scheduled"]
    assert [c["id"] for c in site.call("list_callbacks", STATS, status="missed")["items"]] == [second["id"]]


def test_K18_who_reads_and_records_the_callbacks(site: Site) -> None:
    under_construction(site)
    app.schedule_callbacks(site.uow(), local("2026-12-07", 0))
    [call] = site.call("list_callbacks", staff("studio_manager"))["items"]
    assert site.call("list_callbacks", staff("engineering_manager"))["items"][0]["id"] == call["id"]
    with pytest.raises(Forbidden) as refused:
        site.call("list_callbacks", staff("designer"))
    assert refused.value.rule == "K18"
    with pytest.raises(Forbidden):
        record(site, call["id"], local("2026-12-08", 9), principal=staff("studio_manager"))
    assert site.call("list_callbacks", staff("engineering_stats", "B"))["items"] == []
    for intruder in (staff("engineering_stats", "B"), staff("engineering_stats", tenant="other")):
        with pytest.raises(NotFound):
            record(site, call["id"], local("2026-12-08", 9), principal=intruder)
    assert site.call("list_callbacks", staff("engineering_stats", tenant="other"))["items"] == []
    for bad in ({"week": "2026-12-08"}, {"week": "2026-02-30"}, {"week": "x"}, {"status": "lost"},
                {"store": "AB"}, {"limit": -1}):
        with pytest.raises(InvalidInput):
            site.call("list_callbacks", STATS, **bad)
    for body in ({"outcome": ""}, {"outcome": "x" * 1001}, {"complaint": "maybe"}, {"extra": 1}):
        with pytest.raises(InvalidInput):
            record(site, call["id"], local("2026-12-08", 9), **body)
