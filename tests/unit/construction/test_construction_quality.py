"""The quality standard as versioned data, inspections decided from it, rectification orders (K08, Q01–Q12)."""

from __future__ import annotations

import glob
import re
from datetime import UTC, timedelta
from pathlib import Path

import pytest

from services.construction.domain import quality
from shared.clock import local_today
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound

from .conftest import Site, published, staff

QC = staff("qc")
SEED = Path(__file__).resolve().parents[4] / "shared" / "seeds"


def inspect(site: Site, project_id: str, trade: str, *results: tuple[str, object], by: object = QC) -> dict:
    return site.call("record_inspection", by, project_id=project_id, trade=trade,
                     results=[{"check": c, "observed": o} for c, o in results])


def test_K08_the_standard_lists_every_trade_of_sections_2_to_11_with_visual_and_measured_checks(site: Site) -> None:
    standard = site.call("show_standard", QC)
    assert standard["version"] == quality.FIRST_VERSION and standard["title"] == "《家庭居室装饰工程质量验收标准》"
    trades = {t["trade"]: t for t in standard["trades"]}
    assert {"plumbing", "electrical", "ceilings", "doors_windows", "joinery", "wallpaper", "tiles_stone",
            "wood_floors", "plastic_floors", "coatings", "soft_upholstery", "carpets"} <= set(trades)
    sections = {t["section"].split(".")[0] for t in standard["trades"]}
    assert {str(n) for n in range(2, 12)} <= sections
    checks = {c["id"]: c for t in standard["trades"] for c in t["checks"]}
    assert (checks["4.0.2-keel-flatness"]["min"], checks["4.0.2-keel-flatness"]["max"]) == (-2, 2)  # Q01
    assert checks["4.0.3-lamp-on-keel"]["max"] == 3 and checks["4.0.3-lamp-on-keel"]["unit"] == "kg"  # Q02
    assert checks["6.0.1-moisture"]["max"] == 12 and checks["8.2.1-moisture"]["max"] == 12  # Q03
    assert checks["8.1.4-hollowness"]["max"] == 5  # Q04
    assert checks["8.1.5-upturn"]["min"] == 250 and checks["8.1.5-ponding"]["min"] == 24  # Q05
    assert checks["8.2.2-wall-gap"]["min"] == 10  # Q06
    assert checks["7.0.4-seam-distance"]["max"] == 1.5  # Q07
    assert checks["3.0.3"]["kind"] == "visual" and checks["3.0.3"]["rule"] == "Q08"
    assert checks["1.0.5-1"]["serious"] and checks["1.0.5-1"]["rule"] == "Q09"
    assert checks["2.0.3"]["rule"] == "Q10" and checks["3.0.1"]["rule"] == "Q12"


def test_Q01_Q12_clause_texts_are_verbatim_from_the_seed() -> None:
    seed_files = glob.glob(str(SEED / "000_*.txt"))
    if not seed_files:
        pytest.skip("the seed documents are not beside this checkout")
    seed = re.sub(r"\s", "", Path(seed_files[0]).read_text(encoding="utf-8"))
    for trade in quality.STANDARDS[quality.FIRST_VERSION].trades:
        for check in trade.checks:
            assert re.sub(r"\s", "", check.text) in seed, check.id


def test_K08_limits_are_inclusive_and_failures_open_rectification_orders(site: Site) -> None:
    project_id = site.open()
    result = inspect(site, project_id, "ceilings", ("4.0.2-keel-flatness", 2), ("4.0.3-lamp-on-keel", 3.5),
                     ("4.0.4", True))
    assert [(r["check"], r["passed"]) for r in result["results"]] == [
        ("4.0.2-keel-flatness", True), ("4.0.3-lamp-on-keel", False), ("4.0.4", True)]
    assert result["passed"] is False and result["standard_version"] == quality.FIRST_VERSION
    [order] = result["rectification_orders"]
    assert order["check"] == "4.0.3-lamp-on-keel" and order["penalty"] is False
    assert order["due_on"] == (local_today() + timedelta(days=3)).isoformat()
    low = inspect(site, project_id, "ceilings", ("4.0.2-keel-flatness", -2.0))
    assert low["passed"] and low["rectification_orders"] == []
    assert not inspect(site, project_id, "ceilings", ("4.0.2-keel-flatness", -2.1))["passed"]
    assert inspect(site, project_id, "tiles_stone", ("8.1.5-upturn", 250), ("8.1.4-hollowness", "5"))["passed"]
    assert not inspect(site, project_id, "wood_floors", ("8.2.1-moisture", 12.5))["passed"]


def test_K08_a_serious_violation_records_a_crew_penalty(site: Site) -> None:
    project_id = site.open()
    result = inspect(site, project_id, "structure", ("1.0.5-1", False), ("1.0.5-2", True))
    [penalty] = result["penalties"]
    assert penalty["check"] == "1.0.5-1" and result["rectification_orders"][0]["penalty"] is True
    assert [e["check"] for e in published(site, "crew_penalty_recorded")] == ["1.0.5-1"]


def test_K08_a_rectification_order_closes_only_after_a_passing_reinspection(site: Site) -> None:
    project_id = site.open()
    order = inspect(site, project_id, "joinery", ("6.0.1-moisture", 14))["rectification_orders"][0]
    with pytest.raises(Conflict) as err:
        site.call("close_rectification_order", QC, order_id=order["id"])
    assert err.value.rule == "K08"
    inspect(site, project_id, "joinery", ("6.0.1-moisture", 13))  # still wet: a second order, no closing
    with pytest.raises(Conflict):
        site.call("close_rectification_order", QC, order_id=order["id"])
    with pytest.raises(Forbidden):
        site.call("close_rectification_order", staff("foreman"), order_id=order["id"])
    with pytest.raises(NotFound):
        site.call("close_rectification_order", staff("qc", store="B"), order_id=order["id"])
    passing = inspect(site, project_id, "joinery", ("6.0.1-moisture", 11))
    closed = site.call("close_rectification_order", QC, order_id=order["id"])
    assert (closed["status"], closed["closing_inspection_id"]) == ("closed", passing["id"])
    with pytest.raises(Conflict):
        site.call("close_rectification_order", QC, order_id=order["id"])
    listed = site.call("list_inspections", QC, project_id=project_id)["items"]
    assert [len(i["rectification_orders"]) for i in listed] == [1, 1, 0]


def test_K08_only_qc_of_the_store_inspects_and_observations_match_their_checks(site: Site) -> None:
    project_id = site.open()
    with pytest.raises(Forbidden):
        inspect(site, project_id, "ceilings", ("4.0.4", True), by=staff("foreman"))
    with pytest.raises(NotFound):
        inspect(site, project_id, "ceilings", ("4.0.4", True), by=staff("qc", store="B"))
    with pytest.raises(NotFound):
        inspect(site, project_id, "ceilings", ("4.0.4", True), by=staff("qc", tenant="other"))
    for trade, results, field in (
            ("roofing", [("4.0.4", True)], "trade"),
            ("ceilings", [("9.9.9", True)], "results.0.check"),
            ("ceilings", [("4.0.4", 1)], "results.0.observed"),
            ("ceilings", [("4.0.2-keel-flatness", True)], "results.0.observed"),
            ("ceilings", [("4.0.2-keel-flatness", "1e3")], "results.0.observed"),
            ("ceilings", [("4.0.4", True), ("4.0.4", False)], "results.1.check")):
        with pytest.raises(InvalidInput) as err:
            inspect(site, project_id, trade, *results)
        assert err.value.field == field, (trade, results)


def test_K08_a_tenant_adopts_a_newer_version_and_old_inspections_keep_theirs(
        site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    project_id = site.open()
    before = inspect(site, project_id, "ceilings", ("4.0.2-keel-flatness", 1.5))
    first = quality.STANDARDS[quality.FIRST_VERSION]
    ceilings = first.trade("ceilings")
    tighter = quality.Check(**{**ceilings.check("4.0.2-keel-flatness", field="x").__dict__,
                               "min": quality.Decimal(-1), "max": quality.Decimal(1)})
    newer = quality.Standard(version="2", title=first.title, trades=tuple(
        quality.Trade(t.trade, t.section, t.title, tuple(tighter if c.id == tighter.id else c for c in t.checks))
        for t in first.trades))
    monkeypatch.setitem(quality.STANDARDS, "2", newer)
    with pytest.raises(Forbidden):
        site.call("adopt_standard", QC, version="2")
    with pytest.raises(NotFound):
        site.call("adopt_standard", staff("tenant_admin"), version="9")
    with pytest.raises(Conflict):
        site.call("adopt_standard", staff("tenant_admin"), version=quality.FIRST_VERSION)
    assert site.call("adopt_standard", staff("tenant_admin"), version="2")["version"] == "2"
    assert site.call("show_standard", QC)["version"] == "2"
    assert site.call("show_standard", staff("qc", tenant="other"))["version"] == quality.FIRST_VERSION
    after = inspect(site, project_id, "ceilings", ("4.0.2-keel-flatness", 1.5))
    assert (after["standard_version"], after["passed"]) == ("2", False)
    kept = site.call("list_inspections", QC, project_id=project_id)["items"][0]
    assert (kept["id"], kept["standard_version"], kept["passed"]) == (before["id"], quality.FIRST_VERSION, True)


def test_K08_photos_belong_to_the_inspection_they_were_taken_in(site: Site) -> None:
    project_id = site.open()
    taken = site.call("record_inspection", QC, project_id=project_id, trade="ceilings",
                      results=[{"check": "4.0.4", "observed": True}], photos=["doc-photo-1", "doc-photo-2"])
    assert taken["photos"] == ["doc-photo-1", "doc-photo-2"]
    inspect(site, project_id, "ceilings", ("4.0.4", True))
    listed = site.call("list_inspections", QC, project_id=project_id)["items"]
    assert [i["photos"] for i in listed] == [["doc-photo-1", "doc-photo-2"], []]
    with pytest.raises(InvalidInput) as err:
        site.call("record_inspection", QC, project_id=project_id, trade="ceilings",
                  results=[{"check": "4.0.4", "observed": True}], photos=["doc-photo-1", "doc-photo-1"])
    assert err.value.field == "photos"


def test_K08_rectification_orders_of_a_project_show_status_deadline_and_both_inspections(site: Site) -> None:
    project_id = site.open()
    failed = inspect(site, project_id, "joinery", ("6.0.1-moisture", 14), ("6.0.1", False))
    wet, rough = failed["rectification_orders"]
    orders = site.call("list_project_rectifications", QC, project_id=project_id)["items"]
    assert [(o["id"], o["status"], o["inspection_id"], o["closing_inspection_id"]) for o in orders] == [
        (wet["id"], "open", failed["id"], None), (rough["id"], "open", failed["id"], None)]
    assert orders[0]["due_on"] == (local_today() + timedelta(days=3)).isoformat()
    assert orders[0]["overdue"] is False and orders[0]["check"] == "6.0.1-moisture"
    assert orders[0]["contract_number"] == "A25112201"
    passing = inspect(site, project_id, "joinery", ("6.0.1-moisture", 11))
    site.call("close_rectification_order", QC, order_id=wet["id"])
    closed = site.call("list_project_rectifications", staff("foreman"), project_id=project_id, status="closed")
    assert [(o["id"], o["closing_inspection_id"]) for o in closed["items"]] == [(wet["id"], passing["id"])]
    still = site.call("list_project_rectifications", QC, project_id=project_id, status="open")["items"]
    assert [o["id"] for o in still] == [rough["id"]]
    with pytest.raises(NotFound):
        site.call("list_project_rectifications", staff("qc", store="B"), project_id=project_id)
    with pytest.raises(NotFound):
        site.call("list_project_rectifications", staff("qc", tenant="other"), project_id=project_id)
    with pytest.raises(Forbidden):
        site.call("list_project_rectifications", staff("finance"), project_id=project_id)
    with pytest.raises(InvalidInput) as err:
        site.call("list_project_rectifications", QC, project_id=project_id, status="pending")
    assert err.value.field == "status"


def test_K08_an_open_order_past_its_deadline_is_overdue() -> None:
    from datetime import datetime

    from services.construction.domain.inspection import RectificationOrder

    order = RectificationOrder(id="o", project_id="p", store="A", inspection_id="i", trade="joinery",
                               check_id="6.0.1", clause="6.0.1", due_on=local_today(), penalty=False,
                               opened_at=datetime.now(UTC))
    assert not order.overdue(local_today())
    assert order.overdue(local_today() + timedelta(days=1))


def test_K08_the_rectification_queue_of_the_callers_stores_filters_by_status_and_store(site: Site) -> None:
    a = site.open("c-a")
    b = site.open("c-b", store="B")
    inspect(site, a, "joinery", ("6.0.1", False))
    inspect(site, b, "joinery", ("6.0.1", False), by=staff("qc", store="B"))
    queue = site.call("list_rectifications", QC, status="open")["items"]
    assert [o["project_id"] for o in queue] == [a]
    everything = site.call("list_rectifications", staff("engineering_manager", store="B"))["items"]
    assert [(o["project_id"], o["store"]) for o in everything] == [(b, "B")]
    hq = staff("hq")
    assert {o["store"] for o in site.call("list_rectifications", hq)["items"]} == {"A", "B"}
    assert [o["store"] for o in site.call("list_rectifications", hq, store="B")["items"]] == ["B"]
    assert site.call("list_rectifications", hq, status="closed")["items"] == []
    assert site.call("list_rectifications", QC, store="B")["items"] == []  # not its store: nothing
    assert site.call("list_rectifications", staff("qc", tenant="other"))["items"] == []
    with pytest.raises(Forbidden):
        site.call("list_rectifications", staff("designer"))
    for field, value in (("status", "done"), ("store", "ab"), ("limit", 0)):
        with pytest.raises(InvalidInput) as err:
            site.call("list_rectifications", hq, **{field: value})
        assert err.value.field == field
