"""Measurement visits and records (流程04): rules S05 and S06, the deposit, the approver's role."""

from __future__ import annotations

import pytest

from services.sales.commands import RecordMeasurement
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from shared.validation import parse

from .conftest import Studio, staff, visit_time

ROOMS = [{"name": "客厅", "length_m": "5.2", "width_m": "4.05", "height_m": "2.8"},
         {"name": "主卧", "length_m": "4", "width_m": "3.5", "height_m": "2.8"}]
WALLS = [{"name": "客厅与主卧之间", "structure": "load_bearing"},
         {"name": "厨房隔墙", "structure": "partition"}]


def request(studio: Studio, lead_id: str) -> dict:
    return studio.call("request_measurement", staff("designer"), lead_id=lead_id,
                       requested_for=visit_time(offset=""))


def deposit(studio: Studio, lead_id: str, key: str | None = None) -> dict:
    return studio.call("record_deposit", staff("studio_assistant"), key=key, lead_id=lead_id, amount="2000")


def test_S05_request_without_deposit_is_never_refused_but_awaits_approval(studio: Studio) -> None:
    lead = studio.lead()
    visit = request(studio, lead["id"])
    assert visit["status"] == "awaiting_approval" and visit["scheduled_at"] is None
    assert visit["requested_for"] == visit_time()  # without an offset: the store's wall-clock time
    [event] = studio.events("measurement_requested")
    assert (event["request_id"], event["status"]) == (visit["id"], "awaiting_approval")


def test_S05_request_after_a_deposit_is_scheduled_at_once(studio: Studio) -> None:
    lead = studio.lead()
    assert deposit(studio, lead["id"])["deposit_paid"] is True
    assert request(studio, lead["id"])["status"] == "scheduled"


def test_S05_studio_manager_approval_schedules_the_visit(studio: Studio) -> None:
    visit = request(studio, studio.lead()["id"])
    approved = studio.call("approve_measurement_request", staff("studio_manager"), request_id=visit["id"])
    assert (approved["status"], approved["approved_by"]) == ("scheduled", "studio_manager-a")
    assert studio.events("measurement_scheduled")[0]["reason"] == "approved"
    with pytest.raises(Conflict):
        studio.call("approve_measurement_request", staff("studio_manager"), request_id=visit["id"])


def test_S05_deposit_paid_later_schedules_the_waiting_visit(studio: Studio) -> None:
    lead = studio.lead()
    visit = request(studio, lead["id"])
    deposit(studio, lead["id"])
    answer = studio.call("get_lead", staff("designer"), lead_id=lead["id"])
    assert answer["measurement_requests"][0]["status"] == "scheduled"
    [event] = studio.events("measurement_scheduled")
    assert (event["request_id"], event["reason"], event["approved_by"]) == (visit["id"], "deposit_paid", "")


def test_S05_measuring_before_the_visit_is_scheduled_is_refused(studio: Studio) -> None:
    lead = studio.lead()
    request(studio, lead["id"])
    with pytest.raises(RuleViolation) as err:
        studio.call("record_measurement", staff("designer"), lead_id=lead["id"], rooms=ROOMS)
    assert err.value.rule == "S05"


def test_foreman_cannot_approve_a_measurement_visit(studio: Studio) -> None:
    visit = request(studio, studio.lead()["id"])
    with pytest.raises(Forbidden):
        studio.call("approve_measurement_request", staff("foreman"), request_id=visit["id"])


def test_studio_manager_of_another_store_cannot_approve(studio: Studio) -> None:
    visit = request(studio, studio.lead()["id"])
    with pytest.raises(NotFound):
        studio.call("approve_measurement_request", staff("studio_manager", "B"), request_id=visit["id"])


def test_deposit_is_taken_by_finance_or_the_assistant_only_and_once(studio: Studio) -> None:
    lead = studio.lead()
    with pytest.raises(Forbidden):
        studio.call("record_deposit", staff("designer"), lead_id=lead["id"], amount="2000")
    first = deposit(studio, lead["id"], key="dep-1")
    assert deposit(studio, lead["id"], key="dep-1") == first  # a retried request changes nothing
    assert first["deposit_amount"] == "2000.00" and len(studio.events("deposit_received")) == 1
    with pytest.raises(Conflict):
        deposit(studio, lead["id"], key="dep-2")


def test_S06_measurement_records_rooms_areas_and_wall_judgement_for_the_customer(studio: Studio) -> None:
    lead = studio.lead()
    studio.scheduled_visit(lead["id"])
    record = studio.call("record_measurement", staff("designer"), lead_id=lead["id"], rooms=ROOMS, walls=WALLS)
    assert [r["floor_area_m2"] for r in record["rooms"]] == ["21.06", "14.00"]
    assert record["total_floor_area_m2"] == "35.06"
    bearing = record["walls"][0]
    assert (bearing["structure"], bearing["structure_label"]) == ("load_bearing", "承重墙")
    assert "不得开洞" in bearing["customer_advice"]
    assert studio.call("get_lead", staff("designer"), lead_id=lead["id"])["status"] == "measured"
    assert studio.events("measurement_recorded")[0]["wall_structures"] == ["load_bearing", "partition"]


def test_S06_unknown_wall_structure_and_non_positive_sizes_are_refused() -> None:
    with pytest.raises(InvalidInput) as err:
        parse(RecordMeasurement, {"rooms": ROOMS, "walls": [{"name": "x", "structure": "glass"}]})
    assert err.value.field == "walls.0.structure"
    with pytest.raises(InvalidInput) as err:
        parse(RecordMeasurement, {"rooms": [{**ROOMS[0], "width_m": "0"}]})
    assert err.value.field == "rooms.0.width_m"
