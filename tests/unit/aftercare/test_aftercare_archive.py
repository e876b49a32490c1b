"""Rules A02 (customer archive on signing), A07 (who reads personal data), P03 and P01 scoping."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from services.aftercare import application as app
from services.aftercare.adapters.orm import CustomerArchiveRow
from shared.errors import Forbidden, NotFound

from .conftest import Desk, staff


def test_A02_archive_opened_on_signing(desk: Desk) -> None:
    desk.sign("c-1", store="A")
    archive = app.get_customer_archive(desk.uow(), staff("aftercare"), "c-1")
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
    archive = app.get_customer_archive(desk.uow(), staff("studio_manager"), "c-1")
    assert [c["id"] for c in archive["complaints"]] == [recorded["id"]]


def test_A07_foreman_cannot_read_customer_archive(desk: Desk) -> None:
    desk.sign()
    with pytest.raises(Forbidden) as err:
        app.get_customer_archive(desk.uow(), staff("foreman"), "c-1")
    assert err.value.rule == "A07"
    for role in ("aftercare", "engineering_stats", "studio_manager", "designer", "general_manager", "hq",
                 "tenant_admin"):
        assert app.get_customer_archive(desk.uow(), staff(role), "c-1")["customer_name"] == "王芳"


def test_A07_designer_of_another_store_gets_not_found(desk: Desk) -> None:
    desk.sign(store="A")
    with pytest.raises(NotFound):
        app.get_customer_archive(desk.uow(), staff("designer", store="B"), "c-1")


def test_P03_duplicate_contract_signed_delivery_changes_nothing(desk: Desk) -> None:
    event = desk.sign(event_id="evt-1")
    app.open_customer_archive(desk.uow(), handler="aftercare.open_customer_archive", event=event)
    desk.sign(event_id="evt-2", customer_name="改名")  # the same contract announced again, new event id
    with desk.db.sessions() as s:
        assert s.execute(select(func.count()).select_from(CustomerArchiveRow)).scalar_one() == 1
    assert app.get_customer_archive(desk.uow(), staff("aftercare"), "c-1")["customer_name"] == "王芳"
    assert len(desk.events("customer_archive_opened")) == 1


def test_P01_another_tenant_reading_the_archive_gets_not_found(desk: Desk) -> None:
    desk.sign()
    with pytest.raises(NotFound):
        app.get_customer_archive(desk.uow("other"), staff("hq", tenant="other"), "c-1")


def test_P01_hq_sees_every_store_of_its_tenant(desk: Desk) -> None:
    desk.sign(store="B")
    assert app.get_customer_archive(desk.uow(), staff("hq", store="-"), "c-1")["store"] == "B"
