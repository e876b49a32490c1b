"""Each role's main flow in the browser, at desktop width or at 390 px (foreman, QC, aftercare work on phones)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tests.browser.conftest import DESKTOP, PHONE
from tests.platforms import Journey, Live, visit_time
from tests.unit.construction import paperwork


def signed_contract(portal: Live, store: str = "A", **special: Any) -> dict[str, Any]:
    journey = Journey(portal, store=store, designer=f"designer-{store.lower()}")
    contract = journey.draft_contract(**special)
    res = journey.sign(contract["id"])
    assert res.status_code == 200, res.text
    return res.json()


def project_of(portal: Live, contract_id: str) -> dict[str, Any]:
    items = portal.as_user("foreman-a").get("/api/v1/projects", params={"contract_id": contract_id}).json()["items"]
    assert items, "K01: signing opens the project"
    return items[0]


def file_forms_before_work(portal: Live, project_id: str) -> None:
    """K02, K03, K06, K05: the handovers, the site condition record and accepted materials, signed."""
    for type_id in paperwork.BEFORE_WORK:
        res = portal.as_user(f"{paperwork.filer(type_id)}-a").post(f"/api/v1/projects/{project_id}/forms",
                                                                   json=paperwork.body(type_id))
        assert res.status_code == 201, res.text


def test_S05_C02_studio_manager_approves_a_visit_and_a_special_item(portal: Live, sign_in: Any, tmp_path: Path) -> None:
    """S05: a visit without deposit waits in the queue until approved; C02: a pending special item is approved there."""
    journey = Journey(portal)
    lead = journey.lead(customer_name="周敏")
    visit = journey.designer.post(f"/api/v1/leads/{lead['id']}/measurement-requests",
                                  json={"requested_for": visit_time()})
    assert visit.json()["status"] == "awaiting_approval", visit.text
    quote = journey.designer.post("/api/v1/quotes", json={"lead_id": lead["id"], "items": [
        {"catalogue_code": "PAINT-01", "quantity": "80"}], "special_items": [
        {"name": "定制玄关柜", "unit": "项", "unit_price": "4800.00", "quantity": "1"}]}).json()
    line = next(i["line"] for i in quote["items"] if i["special"])

    s = sign_in("studio_manager-a")
    s.page.wait_for_selector("[data-test=totals]")  # the studio manager's home is the dashboard
    s.shot("studio_manager", tmp_path)
    page = s.go("/approvals")
    page.click(f"[data-approve-visit='{visit.json()['id']}']")
    page.wait_for_selector(f"[data-approve-visit='{visit.json()['id']}']", state="detached")
    page.click(f"[data-approve-line='{quote['id']}:{line}']")
    page.wait_for_selector(f"[data-approve-line='{quote['id']}:{line}']", state="detached")
    s.axe()
    requests = journey.designer.get(f"/api/v1/leads/{lead['id']}").json()["measurement_requests"]
    assert requests[0]["status"] == "scheduled"
    approved = journey.designer.get(f"/api/v1/quotes/{quote['id']}").json()
    assert next(i for i in approved["items"] if i["line"] == line)["approval"] == "approved"


def test_S03_marketing_hands_a_lead_of_its_queue_to_a_designer_on_a_phone(portal: Live, sign_in: Any,
                                                                           tmp_path: Path) -> None:
    """S03: a lead marketing registered waits in the marketing queue; marketing assigns it to a designer."""
    lead = portal.as_user("marketing-a").post("/api/v1/leads", json={
        "customer_name": "钱伟", "phone": "13700003333", "address": "通州区新华大街 5 号", "store": "A",
        "source": "tv", "channel": "market", "consultation_channel": "phone"}).json()
    assert lead["assigned_queue"] == "marketing"
    s = sign_in("marketing-a", PHONE)
    page = s.page
    page.wait_for_selector(f"[data-test=leads] .row-card[data-row='{lead['id']}']")  # cards, not a table, at 390 px
    s.shot("marketing", tmp_path)
    s.axe()
    page.click(f"[data-assign='{lead['id']}']")
    page.fill("[data-test=assign-form] input[name=designer]", "designer-a")
    page.click("[data-test=assign-save]")
    page.wait_for_selector(f"[data-assign='{lead['id']}']", state="detached")
    after = portal.as_user("designer-a").get(f"/api/v1/leads/{lead['id']}").json()
    assert (after["designer"], after["assigned_queue"]) == ("designer-a", "designer")


def test_F01_assistant_payment_is_in_transit_until_finance_confirms_it(portal: Live, sign_in: Any,
                                                                        tmp_path: Path) -> None:
    """F01 F07: the assistant records a payment (in transit, with an idempotency key); finance confirms it."""
    contract = signed_contract(portal)
    assistant = sign_in("studio_assistant-a")
    page = assistant.go(f"/contracts/{contract['id']}")
    page.wait_for_selector("[data-test=payment-form]")
    page.fill("[data-test=payment-form] input[name=amount]", "3000.00")
    page.click("[data-test=payment-save]")
    page.wait_for_selector("[data-payment-status=in_transit]")

    finance = sign_in("finance-a")
    fpage = finance.page
    fpage.wait_for_selector(f"[data-in-transit='{contract['id']}']")  # finance's home: contracts with money in transit
    finance.shot("finance", tmp_path)
    finance.axe()
    fpage.locator("[data-test=payment-contracts] .data-row", has_text=contract["number"]).click()
    fpage.click("[data-confirm]")
    fpage.wait_for_selector("[data-payment-status=received]")
    assert fpage.inner_text("[data-paid=first]") == "3000.00"
    fpage = finance.go("/receipts")
    fpage.wait_for_selector("[data-test=receipts] [data-row]")
    assert contract["number"] in fpage.inner_text("[data-test=receipts]")
    # Other tests take money today too: this payment's row, and a total that counts at least it.
    assert "3000.00" in fpage.locator("[data-test=receipts] .data-row", has_text=contract["number"]).inner_text()
    assert float(fpage.inner_text("[data-test=receipts-total]").split("¥")[1].split()[0]) >= 3000
    finance.axe()
    payments = portal.as_user("finance-a").get("/api/v1/payments",
                                               params={"contract_id": contract["id"]}).json()["items"]
    assert [(p["amount"], p["status"], p["confirmed_by"]) for p in payments] == [("3000.00", "received", "finance-a")]


def test_F01_cashier_takes_a_payment_on_a_phone(portal: Live, sign_in: Any, tmp_path: Path) -> None:
    """F01: a cashier's payment is in transit too; the cashier's home lists the signed contracts as cards."""
    contract = signed_contract(portal)
    s = sign_in("cashier-a", PHONE)
    s.page.wait_for_selector(f"[data-test=payment-contracts] .row-card[data-row='{contract['id']}']")
    s.shot("cashier", tmp_path)
    s.axe()
    s.page.click(f".row-card[data-row='{contract['id']}']")
    s.page.fill("[data-test=payment-form] input[name=amount]", "300")
    s.page.click("[data-test=payment-save]")
    s.page.wait_for_selector("[data-payment-status=in_transit]")
    s.axe()


def test_K07_foreman_runs_the_construction_sequence_on_a_phone(portal: Live, sign_in: Any, tmp_path: Path) -> None:
    """K06, K07: refused before the site condition record, then the foreman starts, advances and completes the
    first step; a step out of order is refused in Chinese."""
    contract = signed_contract(portal)
    project = project_of(portal, contract["id"])
    s = sign_in("foreman-a", PHONE)
    page = s.page
    page.wait_for_selector(f"[data-test=projects] .row-card[data-row='{project['id']}']")
    s.shot("foreman", tmp_path)
    s.axe()
    page.click(f".row-card[data-row='{project['id']}']")
    page.wait_for_selector("[data-test=steps]")
    steps = [el.get_attribute("data-step") for el in page.query_selector_all("[data-step]")]
    first, later = steps[0], steps[-1]
    page.click(f"[data-start='{first}']")  # K06: nothing starts before the site condition record is signed
    rule = page.locator("[data-test=problem-rule]")
    rule.wait_for()
    assert "K06" in rule.inner_text(), rule.inner_text()
    file_forms_before_work(portal, project["id"])
    page.reload()
    page.wait_for_selector("[data-test=steps]")
    page.click(f"[data-start='{later}']")
    rule = page.locator("[data-test=problem-rule]")
    rule.wait_for()
    assert "K07" in rule.inner_text() and "工序" in rule.inner_text()
    page.click(f"[data-start='{first}']")
    page.wait_for_selector(f"[data-progress='{first}']")
    page.fill(f"[data-percent='{first}'] input", "60")
    page.click(f"[data-progress='{first}']")
    page.locator(f"[data-step='{first}'] .el-progress__text", has_text="60").wait_for()
    page.click(f"[data-complete='{first}']")
    page.wait_for_selector(f"[data-step='{first}'] .el-progress.is-success")
    s.axe()
    steps_after = portal.as_user("foreman-a").get(f"/api/v1/projects/{project['id']}").json()["steps"]
    assert (steps_after[0]["status"], steps_after[0]["percent"]) == ("completed", 100)


def test_K01_qc_opens_a_project_on_a_phone(portal: Live, sign_in: Any, tmp_path: Path) -> None:
    """K01: QC sees the projects in progress, each one's sequence and documents, without the foreman's buttons."""
    contract = signed_contract(portal)
    project = project_of(portal, contract["id"])
    s = sign_in("qc-a", PHONE)
    s.page.wait_for_selector(f"[data-test=projects] .row-card[data-row='{project['id']}']")
    s.shot("qc", tmp_path)
    s.page.click(f".row-card[data-row='{project['id']}']")
    s.page.wait_for_selector("[data-test=steps] [data-step]")
    assert s.page.locator("[data-start]").count() == 0
    s.page.click("text=工程资料")
    s.page.wait_for_selector("#pane-documents .el-table__row")
    s.axe()


def test_A06_aftercare_classifies_answers_and_resolves_a_complaint_on_a_phone(portal: Live, sign_in: Any,
                                                                               tmp_path: Path) -> None:
    """A06: a complaint with its deadlines is classed, answered and resolved; A02: the archive lists the customer."""
    contract = signed_contract(portal)
    complaint = portal.as_user("aftercare-a").post("/api/v1/complaints", json={
        "contract_id": contract["id"], "text": "卫生间墙面有裂缝"}).json()
    s = sign_in("aftercare-a", PHONE)
    page = s.page
    page.wait_for_selector(f"[data-test=complaints] .row-card[data-row='{complaint['id']}']")
    s.shot("aftercare", tmp_path)
    s.axe()
    page.click(f".row-card[data-row='{complaint['id']}']")
    page.wait_for_selector("[data-test=complaint-text]")
    page.click("[data-test=classify]")
    page.wait_for_selector("[data-test=answer]")
    page.fill(".el-drawer textarea[name=answer]", "已安排工长三日内上门修补")
    page.click("[data-test=answer]")
    page.wait_for_selector("[data-test=complaint-status]:has-text('已答复')")
    page.click("[data-test=resolve]")
    page.wait_for_selector("[data-test=complaint-status]:has-text('已结案')")
    s.axe()
    after = portal.as_user("aftercare-a").get(f"/api/v1/complaints/{complaint['id']}").json()
    assert (after["status"], after["validity"], after["answer"]) == ("resolved", "valid", "已安排工长三日内上门修补")
    page = s.go("/archive")
    page.wait_for_selector(f"[data-test=archive] .row-card[data-row='{contract['id']}']")
    assert contract["number"] in page.inner_text("[data-test=archive]")


def test_R01_hq_reads_the_dashboard_and_drills_down_to_a_store(portal: Live, sign_in: Any, tmp_path: Path) -> None:
    """The dashboard's totals and store-by-store table; a figure opens its list, narrowed by the store filter."""
    contract = signed_contract(portal)
    other = signed_contract(portal, store="B")
    s = sign_in("hq")
    page = s.page
    page.wait_for_selector("[data-test=totals] [data-figure=contracts_signed]")
    page.wait_for_selector("[data-test=chart] canvas")
    page.wait_for_selector("[data-test=dash-stores] [data-row=B]")
    s.shot("hq", tmp_path)
    s.axe()
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()  # the page's default period: the last 90 days
    figures = portal.as_user("hq").get("/api/v1/dashboard", params={
        "from": (today - timedelta(days=89)).isoformat(), "to": today.isoformat()}).json()
    total = page.inner_text("[data-figure=contracts_signed]")
    assert str(figures["total"]["contracts_signed"]) in total
    page.click("[data-figure=contracts_signed]")
    page.wait_for_selector(f"[data-test=contracts] [data-row='{contract['id']}']")
    page.wait_for_selector(f"[data-test=contracts] [data-row='{other['id']}']")
    page.click("[data-test=store-filter]")
    page.locator(".el-select-dropdown__item:visible", has_text="门店 B").click()
    page.wait_for_selector(f"[data-test=contracts] [data-row='{contract['id']}']", state="detached")
    assert page.locator(f"[data-test=contracts] [data-row='{other['id']}']").count() > 0
    s.axe()


def test_general_manager_home_is_the_dashboard_in_english_too(portal: Live, sign_in: Any, tmp_path: Path) -> None:
    """The English switch: labels change, the figures stay."""
    s = sign_in("general_manager", DESKTOP)
    s.page.wait_for_selector("[data-test=totals]")
    s.shot("general_manager", tmp_path)
    s.page.click("[data-test=locale]")
    s.page.wait_for_selector("text=Contracts signed")
    s.axe()
    s.page.click("[data-test=locale]")
    s.page.wait_for_selector("text=签约数")
