"""Rule K01 (project and documents list opened on signing), P03 duplicates, tenant and store scoping."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from services.construction.adapters.orm import PLATFORM, projects
from services.construction.domain.project import REQUIRED_FORMS
from services.construction.domain.sequence import STEPS
from shared.errors import NotFound

from .conftest import Site, contract_signed, staff


def test_K01_project_opened_on_signing(site: Site) -> None:
    project_id = site.open()
    project = site.call("get_project", staff("engineering_stats"), project_id=project_id)
    assert {k: project[k] for k in ("contract_id", "number", "store", "customer_name", "address", "designer",
                                    "opened_on", "status")} == {
        "contract_id": "c-1", "number": "A25112201", "store": "A", "customer_name": "王芳",
        "address": "朝阳区望京街 8 号", "designer": "designer-a", "opened_on": "2025-11-22",
        "status": "awaiting_handover"}
    assert [d["type"] for d in project["documents"]] == list(REQUIRED_FORMS)
    assert {d["status"] for d in project["documents"]} == {"missing"}
    assert project["documents"][0]["name"] == "合同审核表"
    assert [s["step"] for s in project["steps"]] == [s.name for s in STEPS] and len(STEPS) == 11
    assert {(s["status"], s["percent"]) for s in project["steps"]} == {("not_started", 0)}
    with site.db.sessions() as s:
        payload = s.execute(select(PLATFORM.outbox.c.payload)
                            .where(PLATFORM.outbox.c.event_type == "project_opened")).scalar_one()
    assert payload["project_id"] == project_id and payload["number"] == "A25112201"


def test_P03_duplicate_contract_signed_opens_no_second_project(site: Site) -> None:
    event = contract_signed(event_id="evt-1")
    assert [site.deliver(event) for _ in range(2)] == [True, False]
    site.open(event_id="evt-2")  # the same contract announced under a new event id
    with site.db.sessions() as s:
        assert s.execute(select(func.count()).select_from(projects)).scalar_one() == 1


def test_projects_list_filters_by_contract_and_store_and_pages(site: Site) -> None:
    ids = [site.open(f"c-{n}") for n in range(3)]
    site.open("c-b", store="B")
    designer = staff("designer")
    assert [p["id"] for p in site.call("list_projects", designer, contract_id="c-1")["items"]] == [ids[1]]
    first = site.call("list_projects", designer, limit=2)
    second = site.call("list_projects", designer, limit=2, cursor=first["next_cursor"])
    assert [p["id"] for p in first["items"] + second["items"]] == ids[::-1] and second["next_cursor"] is None
    assert site.call("list_projects", designer, store="B")["items"] == []
    assert len(site.call("list_projects", staff("hq", store="-"))["items"]) == 4


def test_P01_another_tenant_reading_the_project_gets_not_found(site: Site) -> None:
    project_id = site.open()
    with pytest.raises(NotFound):
        site.call("get_project", staff("hq", tenant="other"), project_id=project_id)
    assert site.call("list_projects", staff("hq", tenant="other"), contract_id="c-1")["items"] == []


def test_P01_another_store_reading_the_project_gets_not_found(site: Site) -> None:
    project_id = site.open(store="A")
    with pytest.raises(NotFound):
        site.call("get_project", staff("designer", store="B"), project_id=project_id)
