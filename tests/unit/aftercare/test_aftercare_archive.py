"""Rules A02 (customer archive on signing), A07 (who reads personal data), P03 and P01 scoping."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from services.aftercare.adapters.orm import customer_archives
from shared.errors import Forbidden, NotFound

from .conftest import Desk, staff


def test_A02_archive_opened_on_signing(desk: Desk) -> None:
    desk.sign("c-1", store="A")
    archive = desk.call("get_customer_archive", staff("aftercare"), contract_id="c-1")
    assert archive == {
        "contract_id": "c-1", "number": "A25112201", "store": "A", "customer_name": "王芳",
        "address": "朝阳区望京街 8 号", "designer": "designer-a", "signed_on": "2025-11-22",
        "opened_at": archive["opened_at"], "complaints": [],
    }
    opened = desk.events("customer_archive_opened")
    assert len(opened) == 1 and "customer_name" not in opened[0]  # A07: no personal data on the bus


def test_A06_complaint_records_go_with_the_customer_archive(desk: Desk) -> None:
    desk.sign("c-1")
    desk.sign("c-2")
    recorded = desk.complain("c-1", text="漏水")
    desk.complain("c-2")
    archive = desk.call("get_customer_archive", staff("studio_manager"), contract_id="c-1")
    assert [c["id"] for c in archive["complaints"]] == [recorded["id"]]


def test_A07_foreman_cannot_read_customer_archive(desk: Desk) -> None:
    desk.sign()
    with pytest.raises(Forbidden) as err:
        desk.call("get_customer_archive", staff("foreman"), contract_id="c-1")
    assert err.value.rule == "A07"
    for role in ("aftercare", "engineering_stats", "studio_manager", "designer", "general_manager", "hq",
                 "tenant_admin"):
        assert desk.call("get_customer_archive", staff(role), contract_id="c-1")["customer_name"] == "王芳"


def test_A07_designer_of_another_store_gets_not_found(desk: Desk) -> None:
    desk.sign(store="A")
    with pytest.raises(NotFound):
        desk.call("get_customer_archive", staff("designer", store="B"), contract_id="c-1")


def test_P03_duplicate_contract_signed_delivery_changes_nothing(desk: Desk) -> None:
    event = desk.sign(event_id="evt-1")
    assert desk.deliver(event) is False  # the inbox saw this event id
    desk.sign(event_id="evt-2", customer_name="改名")  # the same contract announced again, new event id
    with desk.db.sessions() as s:
        assert s.execute(select(func.count()).select_from(customer_archives)).scalar_one() == 1
    assert desk.call("get_customer_archive", staff("aftercare"), contract_id="c-1")["customer_name"] == "王芳"
    assert len(desk.events("customer_archive_opened")) == 1


def test_P01_another_tenant_reading_the_archive_gets_not_found(desk: Desk) -> None:
    desk.sign()
    with pytest.raises(NotFound):
        desk.call("get_customer_archive", staff("hq", tenant="other"), contract_id="c-1")


def test_P01_hq_sees_every_store_of_its_tenant(desk: Desk) -> None:
    desk.sign(store="B")
    assert desk.call("get_customer_archive", staff("hq", store="-"), contract_id="c-1")["store"] == "B"
