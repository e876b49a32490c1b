"""The nameko class in embedded mode: the same entrypoints, called through InProcessServices."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from services.sales.adapters.orm import metadata
from services.sales.bootstrap import MIGRATIONS
from services.sales.service import SalesService
from shared.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from shared.identity.context import CallContext
from shared.messaging.inprocess import InProcessServices
from shared.persistence.db import ServiceDatabase
from tests.inprocess import hosted

from .conftest import SIGNATURE, lead_payload, staff, visit_time


@pytest.fixture
def services(tmp_path: Path) -> Iterator[InProcessServices]:
    with hosted(SalesService, tmp_path) as services:
        yield services


def as_(role: str, store: str = "A", tenant: str = "demo", key: str | None = None) -> CallContext:
    return CallContext(principal=staff(role, store, tenant), idempotency_key=key)


def test_the_sales_journey_through_the_nameko_entrypoints(services: InProcessServices) -> None:
    lead = services.call("sales", "register_lead", as_("designer"), **lead_payload())
    assert lead["status"] == "new"
    estimate = services.call("sales", "give_estimate", as_("designer"), lead_id=lead["id"],
                             scope="itemised", items=[{"name": "刷墙", "amount": "3200"}])
    assert estimate["total"] == "3200.00"
    visit = services.call("sales", "request_measurement", as_("designer"), lead_id=lead["id"],
                          requested_for=visit_time())
    assert visit["status"] == "awaiting_approval"
    approved = services.call("sales", "approve_measurement_request", as_("studio_manager"),
                             request_id=visit["id"])
    assert approved["status"] == "scheduled"
    services.call("sales", "record_measurement", as_("designer"), lead_id=lead["id"],
                  rooms=[{"name": "客厅", "length_m": "5", "width_m": "4", "height_m": "2.8"}],
                  walls=[{"name": "北墙", "structure": "insulation"}])
    design = services.call("sales", "draft_design", as_("designer"), lead_id=lead["id"],
                           floor_plan_document_id="doc-1", budget_items=[{"name": "基础装修", "amount": "86000.00"}])
    confirmed = services.call("sales", "confirm_design", as_("designer", key="k1"), design_id=design["id"],
                              customer_signature=SIGNATURE)
    assert (design["version"], confirmed["status"]) == (1, "confirmed")
    answer = services.call("sales", "get_lead", as_("designer"), lead_id=lead["id"])
    assert answer["status"] == "design_confirmed"
    assert answer["measurements"][0]["total_floor_area_m2"] == "20.00"
    page = services.call("sales", "list_leads", as_("studio_manager"), store="A", limit=10)
    assert [r["id"] for r in page["items"]] == [lead["id"]]


def test_errors_cross_the_boundary_with_rule_and_field(services: InProcessServices) -> None:
    with pytest.raises(InvalidInput) as bad:
        services.call("sales", "register_lead", as_("designer"), **lead_payload(channel="tv"))
    assert bad.value.field == "channel"
    with pytest.raises(Forbidden) as store:
        services.call("sales", "register_lead", as_("designer"), **lead_payload(store="B"))
    assert store.value.field == "store"
    lead = services.call("sales", "register_lead", as_("designer"),
                         **lead_payload(consultation_channel="phone"))
    with pytest.raises(RuleViolation) as s02:
        services.call("sales", "give_estimate", as_("designer"), lead_id=lead["id"],
                      scope="whole_house", items=[{"name": "全屋", "amount": "1"}])
    assert (s02.value.rule, s02.value.field) == ("S02", "scope")
    with pytest.raises(NotFound):
        services.call("sales", "get_lead", as_("designer", tenant="other"), lead_id=lead["id"])


def test_migrations_build_the_same_tables(tmp_path: Path) -> None:
    from sqlalchemy import inspect

    from shared.persistence.migrations import upgrade

    url = f"sqlite:///{tmp_path / 'sales.db'}"
    upgrade(MIGRATIONS, url)
    db = ServiceDatabase("sales", url)
    assert set(inspect(db.engine).get_table_names()) >= set(metadata.tables)
    db.dispose()
