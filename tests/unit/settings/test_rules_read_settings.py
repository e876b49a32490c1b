"""Each rule reads the tenant's settings: C04's local day, F02's ratio, F03/F04's terms, A05's tiers,
A01's B-repair policy and the company in a form's header (decision 0036)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from services.construction.adapters.orm import metadata as construction_metadata
from shared.clock import moved_to
from shared.documents.store import FolderDocumentStore
from shared.errors import Forbidden
from shared.persistence.db import ServiceDatabase
from tests.unit.aftercare.conftest import Desk
from tests.unit.aftercare.conftest import staff as aftercare_staff
from tests.unit.aftercare.test_aftercare_care import accepted, final_paid, local, report, wide
from tests.unit.construction.conftest import Site
from tests.unit.construction.conftest import staff as construction_staff
from tests.unit.contracts.conftest import (
    SIGNATURE,
    Studio,
)
from tests.unit.contracts.conftest import staff as contracts_staff
from tests.unit.finance.conftest import (
    Books,
    midterm_settlement_signed,
)
from tests.unit.finance.conftest import staff as finance_staff
from tests.unit.finance.test_finance_settlements import SIGNATURE as CUSTOMER

from .helpers import admin, snapshot

#: 17:00 UTC: already the 2nd in Shanghai (01:00), still the 1st in Urumqi (23:00).
EVENING = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
URUMQI_A = {"A": {"name": "乌鲁木齐店", "overrides": {"timezone": "Asia/Urumqi"}}}


def sign(studio: Studio) -> str:
    contract = studio.contract()
    with moved_to(EVENING):
        signed = studio.call("sign_contract", contracts_staff("designer"), contract_id=contract["id"],
                             customer_signature=SIGNATURE, cost_notice_acknowledged=True)
    return str(signed["number"])


def test_C04_without_settings_the_store_numbers_by_its_registered_zone(studio: Studio) -> None:
    assert sign(studio) == "A26120201"


def test_C04_a_store_in_urumqi_numbers_its_contracts_by_its_own_local_day(studio: Studio) -> None:
    studio.call("apply_tenant_settings", admin(), snapshot=snapshot(stores=URUMQI_A))
    assert sign(studio) == "A26120101"


def test_P01_a_snapshot_is_kept_only_for_the_callers_tenant_and_only_pushed_by_the_platform(studio: Studio) -> None:
    with pytest.raises(Forbidden):
        studio.call("apply_tenant_settings", admin("other"), snapshot=snapshot(stores=URUMQI_A))
    with pytest.raises(Forbidden):
        studio.call("apply_tenant_settings", contracts_staff("studio_manager"), snapshot=snapshot(stores=URUMQI_A))
    assert sign(studio) == "A26120201"  # nothing was kept


def test_P03_an_older_snapshot_arriving_late_changes_nothing(studio: Studio) -> None:
    assert studio.call("apply_tenant_settings", admin(), snapshot=snapshot(version=5, stores=URUMQI_A)) == {
        "applied": True, "version": 5}
    late = studio.call("apply_tenant_settings", admin(), snapshot=snapshot(version=4))
    assert late == {"applied": False, "version": 5}
    assert sign(studio) == "A26120101"


def first_installment(books: Books) -> dict[str, Any]:
    plan = books.call("get_payment_plan", finance_staff("finance"), contract_id="c-1")
    return next(i for i in plan["installments"] if i["kind"] == "first")


def test_F02_a_tenant_with_ratio_half_gets_a_first_installment_of_half_the_total(books: Books) -> None:
    books.call("apply_tenant_settings", admin(), snapshot=snapshot(defaults={"first_installment_ratio": "0.5"}))
    books.sign(total="100000.00")
    assert first_installment(books)["amount"] == "50000.00"


def test_F02_a_store_override_wins_where_the_tenant_allows_it(books: Books) -> None:
    books.call("apply_tenant_settings", admin(), snapshot=snapshot(
        defaults={"first_installment_ratio": "0.5"}, overridable=["timezone", "first_installment_ratio"],
        stores={"A": {"overrides": {"first_installment_ratio": "0.3"}}}))
    books.sign(total="100000.00")
    assert first_installment(books)["amount"] == "30000.00"


def test_F02_without_a_setting_the_finance_policy_or_sixty_percent_applies(books: Books) -> None:
    books.call("apply_tenant_settings", admin(), snapshot=snapshot())
    books.sign("c-1", total="100000.00")
    assert first_installment(books)["amount"] == "60000.00"
    books.call("set_finance_policy", finance_staff("finance"), first_installment_ratio="0.4")
    books.sign("c-2", total="100000.00")
    plan = books.call("get_payment_plan", finance_staff("finance"), contract_id="c-2")
    assert Decimal(plan["first_installment_ratio"]) == Decimal("0.4")


def test_F03_the_midterm_notice_is_due_after_the_tenants_days(books: Books) -> None:
    books.call("apply_tenant_settings", admin(), snapshot=snapshot(defaults={"midterm_payment_due_days": 7}))
    books.sign()
    books.deliver(midterm_settlement_signed(signed_on="2025-12-20"))
    plan = books.call("get_payment_plan", finance_staff("finance"), contract_id="c-1")
    midterm = next(i for i in plan["installments"] if i["kind"] == "midterm")
    assert midterm["due_on"] == "2025-12-27"


def test_P02_a_form_header_shows_the_company_name_and_the_store_not_the_tenant_id(books: Books) -> None:
    books.call("apply_tenant_settings", admin(), snapshot=snapshot(
        company="顶好装饰有限公司", stores={"A": {"name": "望京店", "overrides": {"timezone": "Asia/Urumqi"}}}))
    books.sign()
    books.deliver(midterm_settlement_signed())
    signed = books.call("sign_payment_notice", finance_staff("finance"), contract_id="c-1", kind="midterm",
                        customer_signature=CUSTOMER)
    notice = next(i for i in signed["installments"] if i["kind"] == "midterm")["notice"]
    content = books.call("document_content", finance_staff("finance"), document_id=notice["document_id"])
    pdf = books.documents.get("demo", content["storage_key"])
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
    assert "顶好装饰有限公司" in text and "望京店" in text


def costed_repair(desk: Desk, amount: str, *, in_warranty: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    desk.sign()
    if in_warranty:
        desk.deliver(accepted())
        desk.deliver(final_paid())
    repair = report(desk, local("2026-06-01"))
    desk.call("survey_repair", aftercare_staff("aftercare"), repair_id=repair["id"], responsibility="crew")
    desk.call("dispatch_repair", aftercare_staff("aftercare"), repair_id=repair["id"], crew="张工班组")
    cost = desk.call("add_repair_cost", aftercare_staff("aftercare"), repair_id=repair["id"], amount=amount)
    return repair, cost


TIERS = {"aftercare_manager_up_to": "5000.00", "deputies_up_to": "30000.00", "audit_above": "50000.00"}


def test_A05_a_changed_threshold_changes_the_approval_tier(desk: Desk) -> None:
    desk.call("apply_tenant_settings", admin(), snapshot=snapshot(defaults={"repair_approval_tiers": TIERS}))
    _, cost = costed_repair(desk, "4000.00", in_warranty=True)
    assert cost["approver_roles"] == ["aftercare_manager"]  # 1,000–10,000 would be the deputies by default


def test_A05_the_audit_line_is_the_tenants(desk: Desk) -> None:
    desk.call("apply_tenant_settings", admin(), snapshot=snapshot(defaults={"repair_approval_tiers": TIERS}))
    _, cost = costed_repair(desk, "40000.00", in_warranty=True)
    assert cost["approver_roles"] == ["general_manager"]  # above 20,000 but below the tenant's 50,000


def test_A01_b_repair_policy_customer_charges_the_customer(desk: Desk) -> None:
    desk.call("apply_tenant_settings", admin(), snapshot=snapshot(defaults={"b_repair_charged_to": "customer"}))
    repair, cost = costed_repair(desk, "500.00", in_warranty=False)  # no card: class B
    done = desk.call("approve_repair_cost", aftercare_staff("aftercare_manager"), repair_id=repair["id"],
                     cost_id=cost["id"])
    assert (done["approved"], done["charged_to"]) == (True, "customer")
    [approved] = desk.events("repair_cost_approved")
    assert (approved["repair_class"], approved["charged_to"]) == ("B", "customer")


def test_A01_b_repairs_stay_the_companys_by_default_and_a_later_policy_does_not_rewrite_them(desk: Desk) -> None:
    repair, cost = costed_repair(desk, "500.00", in_warranty=False)
    done = desk.call("approve_repair_cost", aftercare_staff("aftercare_manager"), repair_id=repair["id"],
                     cost_id=cost["id"])
    assert done["charged_to"] == "company"
    desk.call("apply_tenant_settings", admin(), snapshot=snapshot(defaults={"b_repair_charged_to": "customer"}))
    assert desk.call("get_repair", wide("general_manager"), repair_id=repair["id"])["costs"][0]["charged_to"] == (
        "company")  # fixed when approved, not rewritten by a later policy


def test_F05_a_store_in_urumqi_gets_the_statement_of_its_own_yesterday(books: Books) -> None:
    from services.finance import application as finance_app
    from tests.unit.finance.test_finance_statements import outbox, take

    books.call("apply_tenant_settings", admin(), snapshot=snapshot(stores={
        "A": {"overrides": {"timezone": "Asia/Urumqi"}}, "B": {"overrides": {"timezone": "Asia/Shanghai"}}}))
    books.sign()
    books.sign("c-2", store="B")
    take(books, datetime(2026, 12, 7, 12, tzinfo=UTC), "100.00")
    take(books, datetime(2026, 12, 7, 12, tzinfo=UTC), "200.00", store="B")
    # 2026-12-08 17:00 UTC: the 9th (01:00) in Shanghai, still the 8th (23:00) in Urumqi.
    finance_app.produce_daily_statements(books.uow(), books.documents, datetime(2026, 12, 8, 17, tzinfo=UTC))
    periods = {e["store"]: e["period"] for e in outbox(books) if e["kind"] == "receipts"}
    assert periods == {"A": "2026-12-07", "B": "2026-12-08"}


def test_K08_a_rectification_deadline_counts_from_the_stores_own_day(tmp_path: Path) -> None:

    def deadline(settings: dict[str, Any] | None) -> str:
        db = ServiceDatabase("construction", "sqlite://")
        construction_metadata.create_all(db.engine)
        try:
            site = Site(db, FolderDocumentStore(tmp_path / "documents"))
            if settings:
                site.call("apply_tenant_settings", admin(), snapshot=snapshot(stores=settings))
            project_id = site.open()
            with moved_to(EVENING):
                failed = site.call("record_inspection", construction_staff("qc"), project_id=project_id,
                                   trade="joinery", results=[{"check": "6.0.1-moisture", "observed": 14}])
            return str(failed["rectification_orders"][0]["due_on"])
        finally:
            db.dispose()

    # Three days from the 2nd in Shanghai, from the 1st in Urumqi (17:00 UTC).
    assert (deadline(None), deadline(URUMQI_A)) == ("2026-12-05", "2026-12-04")
