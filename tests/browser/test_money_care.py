"""Money after signing and care after handover in the browser (issue 11): payment notices signed on
the pad and opened as PDF, the day's receipts and a past day's statement, the repairs board walked
to its callback on a phone, repair costs approved by A05's role, and the inbox's badge."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.browser.conftest import PHONE
from tests.browser.test_designer import sign_on_canvas as draw
from tests.browser.test_roles import signed_contract
from tests.e2e.test_construction_journey import Site
from tests.platforms import Live, eventually


def sign_on_canvas(page: Any, scope: str) -> None:
    """Draw a signature on the pad in ``scope``, scrolled into view first (drawers scroll on phones)."""
    page.locator(f"{scope} [data-test=signature-canvas]").scroll_into_view_if_needed()
    draw(page, scope)


def midterm_settled(portal: Live) -> Site:
    """A project past half with its mid-term settlement signed (K13), which issues the notice (F03)."""
    site = Site(portal)
    for form in ("contract_review", "design_handover", "work_commitment", "commissioned_items", "site_handover",
                 "site_condition", "material_inspection"):
        site.signed(form)
    site.finish("windows", "carpentry_base")
    assert site.step("waterproofing", "start").status_code == 200
    site.signed("water_closure_test")
    assert site.step("waterproofing", "complete").status_code == 200
    site.finish("carpentry_finishing")
    site.signed("hidden_works_acceptance")
    site.finish("kitchen_bath_tiles", "painting")
    site.signed("midterm_settlement", by="qc")
    return site


def midterm_of(plan: dict[str, Any]) -> dict[str, Any]:
    return next(i for i in plan["installments"] if i["kind"] == "midterm")


def test_F03_F05_finance_signs_and_opens_the_midterm_notice_then_reads_receipts_and_a_statement(
        portal: Live, sign_in: Any, tmp_path: Path) -> None:
    """F03: the customer signs the mid-term notice on the pad and its PDF opens; F01/F05: the day's
    receipts come from the API's received_on filter, and a past day's statement downloads as XLSX."""
    site = midterm_settled(portal)
    cid = site.contract["id"]
    api = portal.as_user("finance-a")
    plan = eventually(lambda: api.get(f"/api/v1/contracts/{cid}/payment-plan"),
                      ok=lambda r: midterm_of(r.json())["notice"] is not None).json()
    assert midterm_of(plan)["amount"] == "30000.00"
    assert midterm_of(plan)["notice"]["signed_by"] is None

    finance = sign_in("finance-a")
    page = finance.go(f"/contracts/{cid}")
    page.wait_for_selector("[data-notice=midterm] [data-sign-notice=midterm]")
    page.click("[data-sign-notice=midterm]")  # no signature yet: refused, nothing signed
    page.wait_for_selector("[data-test=notices] [data-test=problem-message]")
    sign_on_canvas(page, "[data-notice=midterm]")
    page.click("[data-sign-notice=midterm]")
    page.wait_for_selector("[data-notice=midterm] [data-test=notice-signed]")
    assert plan["customer_name"] in page.inner_text("[data-notice=midterm] [data-test=notice-signed]")
    finance.shot("finance-notice", tmp_path)
    finance.axe()
    with page.expect_popup() as popup:
        page.click("[data-open-notice=midterm]")
    popup.value.wait_for_url(lambda url: url.startswith("blob:"), wait_until="commit")
    signed = midterm_of(api.get(f"/api/v1/contracts/{cid}/payment-plan").json())["notice"]
    assert signed["signed_by"] == plan["customer_name"] and signed["document_id"]
    pdf = api.get(f"/api/v1/documents/{signed['document_id']}/content", follow_redirects=True)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # The day's receipts: a payment taken now is listed by the API's received_on (store-local day).
    paid = api.post("/api/v1/payments", json={"contract_id": cid, "kind": "midterm", "amount": "1234.56",
                                              "method": "bank_transfer"}, headers={"Idempotency-Key": f"mid-{cid}"})
    assert paid.status_code == 201, paid.text
    page = finance.go("/receipts")
    page.wait_for_selector(f"[data-test=receipts] [data-row='{paid.json()['id']}']")
    assert site.number in page.inner_text("[data-test=receipts]")
    assert "1234.56" in page.inner_text("[data-test=receipts]")
    day = paid.json()["received_on"]
    listed = api.get("/api/v1/payments", params={"received_on": day, "limit": 100}).json()["items"]
    shown = page.locator("[data-test=receipts] .data-row").count()
    assert shown == len(listed)

    page = finance.go("/statements")
    page.wait_for_selector("[data-test=statement-totals]")
    with page.expect_download() as download:
        page.click("[data-test=statement-download]")
    saved = tmp_path / "statement.xlsx"
    download.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"  # an XLSX is a zip
    finance.shot("finance-statements", tmp_path)
    finance.axe()


def test_A04_aftercare_records_a_repair_and_walks_it_to_the_callback_on_a_phone(portal: Live, sign_in: Any,
                                                                                tmp_path: Path) -> None:
    """A04: recorded (class B, no warranty yet; urgent first), surveyed, dispatched (then on the 17:00
    not-returned list), signed off by the customer on the pad, called back."""
    contract = signed_contract(portal)
    eventually(lambda: portal.as_user("aftercare-a").get(f"/api/v1/customer-archive/{contract['id']}"),
               ok=lambda r: r.status_code == 200)
    s = sign_in("aftercare-a", PHONE)
    page = s.go("/repairs")
    page.click("[data-test=new-repair]")
    page.fill("input[name=contract_id]", contract["id"])
    page.fill("input[name=item]", "卫生间给水管")
    page.fill("textarea[name=fault]", "接头渗水")
    page.click("[data-test=urgent]")
    page.click("[data-test=record-repair]")
    page.wait_for_selector("[data-test=repair-status]:has-text('已登记')")
    repairs = portal.as_user("aftercare-a").get("/api/v1/repairs", params={"contract_id": contract["id"]}).json()
    [repair] = repairs["items"]
    assert (repair["class"], repair["urgent"], repair["status"]) == ("B", True, "recorded")
    assert repair["survey_due_by"] in page.inner_text("[data-test=repair-deadlines]")
    s.axe()
    page.click("[data-test=survey]")
    page.wait_for_selector("[data-test=repair-status]:has-text('已勘查')")
    page.fill(".el-drawer input[name=crew]", "张工班组")
    page.click("[data-test=dispatch]")
    page.wait_for_selector("[data-test=repair-status]:has-text('已派工')")
    sign_on_canvas(page, "[data-test=signoff]")
    page.click("[data-test=complete]")
    page.wait_for_selector("[data-test=repair-status]:has-text('已完成')")
    page.fill(".el-drawer textarea[name=callback-note]", "客户确认不再渗水")
    page.click("[data-test=callback]")
    page.wait_for_selector("[data-test=repair-status]:has-text('已回访')")
    done = portal.as_user("aftercare-a").get(f"/api/v1/repairs/{repair['id']}").json()
    assert (done["status"], done["crew"], done["customer_signed_by"], done["satisfied"]) == (
        "called_back", "张工班组", "王芳", True)
    page.keyboard.press("Escape")

    # A dispatched order not returned by 17:00 (store time) is on the department head's list.
    other = portal.as_user("aftercare-a")
    rid = other.post("/api/v1/repairs",
                     json={"contract_id": contract["id"], "item": "灯具", "fault": "不亮"}).json()["id"]
    assert other.post(f"/api/v1/repairs/{rid}/survey", json={"responsibility": "crew"}).status_code == 200
    assert other.post(f"/api/v1/repairs/{rid}/dispatch", json={"crew": "李工班组"}).status_code == 200
    late = [r["id"] for r in other.get("/api/v1/repairs/not-returned").json()["items"]]
    head = sign_in("aftercare_manager-a", PHONE)
    page = head.go("/repairs")
    page.click("[data-test=tab-late]")
    if rid in late:  # after 17:00 store time the day's list is judged at 17:00 of that day
        page.wait_for_selector(f"[data-test=not-returned] .row-card[data-row='{rid}']")
    else:
        page.wait_for_selector("[data-test=not-returned]")
        assert page.locator(f"[data-test=not-returned] .row-card[data-row='{rid}']").count() == 0
    head.shot("aftercare-repairs", tmp_path)
    head.axe()


def test_A05_a_repair_cost_is_approved_by_the_role_its_amount_needs(portal: Live, sign_in: Any,
                                                                     tmp_path: Path) -> None:
    """A05: 5,000 yuan needs the deputy chief engineer and the deputy GM; the aftercare manager sees no
    button; a stale approval is refused with A05 shown in Chinese."""
    contract = signed_contract(portal)
    aftercare = portal.as_user("aftercare-a")
    eventually(lambda: aftercare.get(f"/api/v1/customer-archive/{contract['id']}"), ok=lambda r: r.status_code == 200)
    rid = aftercare.post("/api/v1/repairs",
                         json={"contract_id": contract["id"], "item": "橱柜门", "fault": "变形"}).json()["id"]
    assert aftercare.post(f"/api/v1/repairs/{rid}/survey", json={"responsibility": "crew"}).status_code == 200
    res = aftercare.post(f"/api/v1/repairs/{rid}/costs", json={"amount": "5000.00", "description": "换门板"})
    assert res.status_code == 201, res.text
    cost = res.json()
    assert cost["approver_roles"] == ["deputy_chief_engineer", "deputy_general_manager"]

    manager = sign_in("aftercare_manager-a")
    page = manager.go("/cost-approvals")
    page.wait_for_selector(f"[data-not-mine='{cost['id']}']")
    assert page.locator(f"[data-approve='{cost['id']}']").count() == 0

    chief = sign_in("deputy_chief_engineer")
    page = chief.page  # their home is the approvals screen
    page.wait_for_selector(f"[data-approve='{cost['id']}']")
    chief.shot("cost-approvals", tmp_path)
    chief.axe()
    page.click(f"[data-approve='{cost['id']}']")
    page.wait_for_selector(f"[data-not-mine='{cost['id']}']")  # approved as chief engineer; the deputy GM is left

    deputy = sign_in("deputy_general_manager")
    page = deputy.page
    page.wait_for_selector(f"[data-approve='{cost['id']}']")
    # Approved by the deputy GM elsewhere while this screen is open: the click is refused (A05).
    done = portal.as_user("deputy_general_manager").post(f"/api/v1/repairs/{rid}/costs/{cost['id']}/approve").json()
    assert (done["approved"], done["charged_to"]) == (True, "company")
    page.click(f"[data-approve='{cost['id']}']")
    page.wait_for_selector("[data-test=problem-rule]:has-text('A05')")
    assert "维修费用按金额审批" in page.inner_text("[data-test=problem-rule]")
    deputy.axe()
    refused = portal.as_user("general_manager").post(f"/api/v1/repairs/{rid}/costs/{cost['id']}/approve")
    assert refused.status_code in (403, 409) and refused.json()["rule"] == "A05"


def test_A06_the_inbox_badge_counts_an_escalation_and_clears_when_read(portal: Live, sign_in: Any,
                                                                       tmp_path: Path) -> None:
    """A06: a complaint with an injury is major and reported to the general manager at once: the bell
    counts it, the inbox lists it, marking it read clears the badge."""
    gm = portal.as_user("general_manager")
    for n in gm.get("/api/v1/notifications", params={"unread": True, "limit": 100}).json()["items"]:
        assert gm.post(f"/api/v1/notifications/{n['id']}/read").status_code == 200
    s = sign_in("general_manager")
    page = s.page
    page.wait_for_selector("[data-test=bell]")
    assert page.locator("[data-test=bell-badge] sup:visible").count() == 0
    contract = signed_contract(portal)
    eventually(lambda: portal.as_user("aftercare-a").get(f"/api/v1/customer-archive/{contract['id']}"),
               ok=lambda r: r.status_code == 200)
    made = portal.as_user("aftercare-a").post("/api/v1/complaints", json={
        "contract_id": contract["id"], "text": "吊顶掉落砸伤客户", "loss_or_injury": True})
    assert made.status_code == 201 and made.json()["escalated"], made.text
    eventually(lambda: gm.get("/api/v1/notifications", params={"unread": True}),
               ok=lambda r: r.json()["unread"] == 1)
    page = s.go("/inbox")
    page.wait_for_selector("[data-test=bell-badge] sup:has-text('1')")
    page.wait_for_selector("[data-test=inbox] [data-mark-read]")
    s.shot("inbox", tmp_path)
    s.axe()
    page.click("[data-test=inbox] [data-mark-read]")
    page.wait_for_selector("[data-test=inbox] [data-read=true]")
    page.wait_for_selector("[data-test=bell-badge] sup", state="hidden")
    assert gm.get("/api/v1/notifications", params={"unread": True}).json()["unread"] == 0


def test_A01_aftercare_prints_the_warranty_card_from_the_customer_archive_on_a_phone(portal: Live, sign_in: Any,
                                                                                     tmp_path: Path) -> None:
    """A01: once acceptance passed and the final payment is in, the archive shows the card's coverage
    (2 years general, 5 waterproofing); aftercare signs and prints its PDF once."""
    site = midterm_settled(portal)
    cid = site.contract["id"]
    site.finish("kitchen_bath_ceilings_living_floor", "walls", "wood_floor", "skirting", "fixtures")
    site.signed("completion_settlement", by="qc")
    site.signed("completion_acceptance", by="qc")
    finance = portal.as_user("finance-a")
    final = eventually(lambda: finance.get(f"/api/v1/contracts/{cid}/payment-plan"),
                       ok=lambda r: next(i for i in r.json()["installments"] if i["kind"] == "final")["due_on"]
                       is not None).json()
    amount = next(i for i in final["installments"] if i["kind"] == "final")["amount"]
    paid = finance.post("/api/v1/payments", json={"contract_id": cid, "kind": "final", "amount": amount,
                                                  "method": "bank_transfer"}, headers={"Idempotency-Key": f"fin-{cid}"})
    assert paid.status_code == 201, paid.text
    aftercare = portal.as_user("aftercare-a")
    eventually(lambda: aftercare.get("/api/v1/warranties", params={"contract_id": cid}),
               ok=lambda r: bool(r.json()["items"]))

    s = sign_in("aftercare-a", PHONE)
    page = s.go("/archive")
    page.click(f"[data-test=archive] .row-card[data-row='{cid}']")
    page.wait_for_selector("[data-test=warranty] [data-coverage=waterproofing]")
    sign_on_canvas(page, "[data-test=warranty]")
    page.click("[data-test=print-warranty]")
    with page.expect_popup() as popup:
        page.click("[data-test=open-warranty]")
    popup.value.wait_for_url(lambda url: url.startswith("blob:"), wait_until="commit")
    s.axe()
    [card] = aftercare.get("/api/v1/warranties", params={"contract_id": cid}).json()["items"]
    ends = {c["scope"]: c["ends_on"] for c in card["coverage"]}
    assert card["document_id"] and int(ends["waterproofing"][:4]) - int(card["starts_on"][:4]) == 5
    assert int(ends["general"][:4]) - int(card["starts_on"][:4]) == 2
    pdf = aftercare.get(f"/api/v1/documents/{card['document_id']}/content", follow_redirects=True)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
