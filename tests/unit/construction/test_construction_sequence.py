"""Rule K07: the construction sequence, with the painting base coat at 80% carpentry."""

from __future__ import annotations

import pytest

from services.construction.commands import RecordStepProgress
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from shared.validation import parse

from .conftest import Site, staff

FOREMAN = staff("foreman")


def start(site: Site, project_id: str, step: str, percent: int | None = None) -> dict:
    return site.call("start_step", FOREMAN, project_id=project_id, step=step, percent=percent)


def complete(site: Site, project_id: str, step: str, percent: int | None = None) -> dict:
    return site.call("complete_step", FOREMAN, project_id=project_id, step=step, percent=percent)


def finish(site: Site, project_id: str, *steps: str) -> None:
    for step in steps:
        start(site, project_id, step)
        complete(site, project_id, step)


def test_K07_step_cannot_start_before_predecessors(site: Site) -> None:
    project_id = site.open()
    site.ready(project_id)
    with pytest.raises(Conflict) as err:
        start(site, project_id, "carpentry_base")
    assert (err.value.status, err.value.rule, err.value.field) == (409, "K07", "step")
    assert "windows" in err.value.detail
    start(site, project_id, "windows")
    with pytest.raises(Conflict) as err:
        start(site, project_id, "carpentry_base")  # windows started, not finished
    assert err.value.rule == "K07" and "windows" in err.value.detail
    complete(site, project_id, "windows")
    assert start(site, project_id, "carpentry_base")["status"] == "in_progress"


def test_K07_painting_base_starts_at_80_percent_carpentry(site: Site) -> None:
    project_id = site.open()
    site.ready(project_id)
    site.sign(project_id, "water_closure_test")
    site.sign(project_id, "hidden_works_acceptance")
    finish(site, project_id, "windows", "carpentry_base", "waterproofing")
    start(site, project_id, "carpentry_finishing")
    complete(site, project_id, "carpentry_finishing", percent=50)
    with pytest.raises(Conflict) as err:
        start(site, project_id, "painting")
    assert err.value.rule == "K07" and "carpentry_finishing" in err.value.detail and "80%" in err.value.detail
    complete(site, project_id, "carpentry_finishing", percent=80)
    assert start(site, project_id, "painting", percent=10)["percent"] == 10
    # topcoat (completing painting) waits for carpentry and kitchen/bath tiling to be complete
    with pytest.raises(Conflict) as err:
        complete(site, project_id, "painting")
    assert "carpentry_finishing" in err.value.detail
    complete(site, project_id, "carpentry_finishing")
    finish(site, project_id, "kitchen_bath_tiles")
    assert complete(site, project_id, "painting")["status"] == "completed"
    finish(site, project_id, "kitchen_bath_ceilings_living_floor", "walls", "wood_floor", "skirting",
           "fixtures")
    steps = site.call("get_project", FOREMAN, project_id=project_id)["steps"]
    assert {(s["status"], s["percent"]) for s in steps} == {("completed", 100)}


def test_K07_a_step_starts_once_and_completes_only_when_started(site: Site) -> None:
    project_id = site.open()
    site.ready(project_id)
    with pytest.raises(Conflict):
        complete(site, project_id, "windows")
    start(site, project_id, "windows", percent=30)
    with pytest.raises(Conflict):
        start(site, project_id, "windows")
    with pytest.raises(InvalidInput) as err:
        complete(site, project_id, "windows", percent=20)
    assert err.value.field == "percent"


def test_K07_only_the_foreman_of_the_store_records_steps(site: Site) -> None:
    project_id = site.open()
    with pytest.raises(Forbidden):
        site.call("start_step", staff("designer"), project_id=project_id, step="windows")
    with pytest.raises(NotFound):
        site.call("start_step", staff("foreman", store="B"), project_id=project_id, step="windows")
    with pytest.raises(NotFound):
        start(site, project_id, "roof")


def test_K07_percent_must_be_a_whole_number_0_to_100() -> None:
    for bad in (101, -1, "50", 50.5):
        with pytest.raises(InvalidInput) as err:
            parse(RecordStepProgress, {"project_id": "p-1", "step": "windows", "percent": bad})
        assert err.value.field == "percent"
