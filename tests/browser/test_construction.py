"""The construction screens at 390 px: the foreman's forms with the customer signing on the pad (K02–K06, P02),
QC's inspections and rectification orders (K08), and refusals shown in Chinese with their rule (K12)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tests.browser.conftest import PHONE
from tests.browser.test_designer import PNG
from tests.browser.test_roles import file_forms_before_work, project_of, signed_contract
from tests.platforms import Live
from tests.unit.construction import paperwork

SHANGHAI = ZoneInfo("Asia/Shanghai")


def sign_pad(page: Any, role: str) -> None:
    """The signer of ``role`` draws on their pad (scrolled into view first: the dialog is a phone's full screen)."""
    canvas = page.locator(f"[data-signer={role}] [data-test=signature-canvas]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 40)
    page.mouse.down()
    for i in range(1, 12):
        page.mouse.move(box["x"] + 20 + i * 18, box["y"] + 40 + (i % 3) * 25, steps=3)
    page.mouse.up()


def fill(page: Any, field: str, value: str) -> None:
    page.locator(f"[data-field='{field}'] input, [data-field='{field}'] textarea").first.fill(value)


def tick(page: Any, field: str) -> None:
    page.locator(f"[data-field='{field}'] .el-checkbox").first.click()


def open_tab(page: Any, label: str) -> None:
    page.locator(".el-tabs__item", has_text=label).click()


def pick(page: Any, trigger: str, option: str) -> None:
    page.click(trigger)
    page.locator(".el-select-dropdown__item:visible", has_text=option).first.click()


def show(page: Any, selector: str) -> None:
    """For a screenshot: ``selector`` at the top of the screen, once the "saved" toast has gone."""
    page.locator(".el-message").first.wait_for(state="detached", timeout=10_000)
    page.locator(selector).first.evaluate("el => el.scrollIntoView({block: 'start'})")


def designer_hands_over(portal: Live, project_id: str) -> None:
    """K02, K03: the designer's handovers, filed through the API (the designer's own screen is not this test's)."""
    for type_id in ("design_handover", "site_handover"):
        res = portal.as_user("designer-a").post(f"/api/v1/projects/{project_id}/forms", json=paperwork.body(type_id))
        assert res.status_code == 201, res.text


def test_K06_foreman_files_the_forms_before_work_with_the_customer_signing_on_the_phone(
        portal: Live, sign_in: Any, tmp_path: Path) -> None:
    """K06 K05 P02: the foreman fills 《施工前现场状况交接单》 and 《进场材料检验单》 from their schemas, the customer
    signs on the pad, the signed PDFs open from the documents list, a correction is version 2, and work starts."""
    project = project_of(portal, signed_contract(portal)["id"])
    designer_hands_over(portal, project["id"])
    s = sign_in("foreman-a", PHONE)
    page = s.go(f"/projects/{project['id']}")
    page.wait_for_selector("[data-test=steps]")
    open_tab(page, "工程资料")
    page.wait_for_selector("[data-test=gates] [data-gate=construction_start][data-open=false]")

    page.click("[data-fill=site_condition]")
    dialog = page.locator("[data-test=form-dialog]")
    dialog.wait_for()
    for field, value in {"walls": "原墙面完好", "floors": "毛坯地面", "doors_windows": "入户门完好",
                         "plumbing": "暖气片完好", "electrical": "强弱电箱完好", "water_meter": "123.4",
                         "electricity_meter": "5678"}.items():
        fill(page, field, value)
    tick(page, "property_permit_obtained")
    sign_pad(page, "foreman")
    page.click("[data-test=form-submit]")  # the customer has not signed yet: refused, naming the signatures
    page.locator("[data-test=form-dialog] [data-test=problem-message]").wait_for()
    assert "customer" in page.inner_text("[data-test=form-dialog] [data-test=problem-message]")
    sign_pad(page, "customer")
    s.axe()
    page.click("[data-test=form-submit]")
    page.wait_for_selector("[data-form=site_condition][data-version='1']")
    page.wait_for_selector("[data-test=gates] [data-gate=construction_start][data-open=true]")

    page.click("[data-fill=material_inspection]")
    dialog.wait_for()
    fill(page, "items.0.name", "水泥")
    fill(page, "items.0.quantity", "20")
    fill(page, "items.0.unit", "袋")
    tick(page, "items.0.accepted")
    page.locator("[data-signer=qc] input").fill("赵质检")
    for role in ("foreman", "qc", "customer"):
        sign_pad(page, role)
    page.click("[data-test=form-submit]")
    page.wait_for_selector("[data-form=material_inspection]")
    page.wait_for_selector("[data-test=gates] [data-gate=materials_accepted][data-open=true]")
    show(page, "[data-test=gates]")
    s.shot("construction_forms", tmp_path)
    s.axe()

    with s.context.expect_page() as popup:  # P02: the signed PDF, fetched with the token, opens from a blob URL
        page.click("[data-open-doc=site_condition]")
    # The tab opens at the click (no pop-up blocker) and gets the PDF once fetched (lib/documents).
    popup.value.wait_for_url(lambda url: url.startswith("blob:"), wait_until="commit")
    assert popup.value.url.startswith("blob:"), popup.value.url
    popup.value.close()

    first = portal.as_user("foreman-a").get(f"/api/v1/projects/{project['id']}/forms").json()["items"]
    original = next(f for f in first if f["type"] == "site_condition")
    page.click(f"[data-correct='{original['id']}']")  # 更正: a new version superseding the first
    dialog.wait_for()
    fill(page, "existing_damage", "厨房窗台瓷砖有裂纹")
    sign_pad(page, "customer")
    sign_pad(page, "foreman")
    page.click("[data-test=form-submit]")
    page.wait_for_selector("[data-form=site_condition][data-version='2']")
    forms = portal.as_user("foreman-a").get(f"/api/v1/projects/{project['id']}/forms").json()["items"]
    correction = next(f for f in forms if f["type"] == "site_condition" and f["version"] == 2)
    assert correction["supersedes"] == original["id"]
    assert correction["document_id"] != original["document_id"], "P02: the first signed PDF is kept as it was"

    open_tab(page, "施工工序")
    first_step = page.locator("[data-step]").first.get_attribute("data-step")
    page.click(f"[data-start='{first_step}']")
    page.wait_for_selector(f"[data-progress='{first_step}']")
    steps = portal.as_user("foreman-a").get(f"/api/v1/projects/{project['id']}").json()["steps"]
    assert steps[0]["status"] == "in_progress"


def test_K08_qc_inspects_a_failing_ceiling_opens_an_order_and_closes_it_after_a_passing_reinspection(
        portal: Live, sign_in: Any, tmp_path: Path) -> None:
    """K08 Q01: keel flatness 3 mm (limit ±2 mm) fails and opens a rectification order with its due date; the
    order does not close before a passing re-inspection (K08), then closes after one."""
    project = project_of(portal, signed_contract(portal)["id"])
    file_forms_before_work(portal, project["id"])
    s = sign_in("qc-a", PHONE)
    page = s.go(f"/projects/{project['id']}")
    page.wait_for_selector("[data-test=steps]")
    open_tab(page, "质检")
    pick(page, "[data-test=trade]", "吊顶工程")
    keel = page.locator("[data-check='4.0.2-keel-flatness']")
    assert "-2 ~ 2 mm" in keel.inner_text(), keel.inner_text()  # the limit and unit beside the input
    keel.locator("input").fill("3")
    page.locator("[data-check='4.0.3-lamp-on-keel'] input").fill("2")
    page.locator("#photo-input").set_input_files(
        {"name": "keel.png", "mimeType": "image/png", "buffer": PNG})
    page.wait_for_selector("[data-test=photos]")
    page.click("[data-test=inspection-submit]")
    page.wait_for_selector("[data-test=inspection-result][data-passed=false]")
    page.wait_for_selector("[data-result='4.0.2-keel-flatness'][data-passed=false]")
    page.wait_for_selector("[data-result='4.0.3-lamp-on-keel'][data-passed=true]")
    order = page.locator("[data-order-check='4.0.2-keel-flatness']")
    order.wait_for()
    inspections = portal.as_user("qc-a").get(f"/api/v1/projects/{project['id']}/inspections").json()["items"]
    due_on = inspections[0]["rectification_orders"][0]["due_on"]
    assert order.locator("[data-test=due]").inner_text() == due_on
    show(page, "[data-check='4.0.2-keel-flatness']")
    s.shot("construction_inspection", tmp_path)
    s.axe()

    order.locator("[data-close]").click()  # K08: not before a passing re-inspection
    rule = page.locator("[data-test=problem-rule]")
    rule.wait_for()
    assert "K08" in rule.inner_text() and "整改" in rule.inner_text(), rule.inner_text()

    page.locator("[data-check='4.0.2-keel-flatness'] input").fill("2")  # the limit is inclusive
    page.click("[data-test=inspection-submit]")
    page.wait_for_selector("[data-test=inspection-result][data-passed=true]")
    order.locator("[data-close]").click()
    order.locator("[data-test=order-closed]").wait_for()
    # the photo went with the inspection it was taken in, and shows beside it
    first = inspections[0]["id"]
    page.wait_for_selector(f"[data-inspection='{first}'] [data-test=inspection-photos]")
    s.axe()

    # After a reload the service's list says what is closed: no 关闭 on it any more.
    page.reload()
    page.wait_for_selector("[data-test=steps]")
    open_tab(page, "质检")
    reloaded = page.locator("[data-order-check='4.0.2-keel-flatness']")
    reloaded.locator("[data-test=order-closed]").wait_for()
    assert reloaded.get_attribute("data-status") == "closed"
    assert reloaded.locator("[data-close]").count() == 0


def test_K12_a_closure_test_under_24_hours_is_refused_in_chinese(portal: Live, sign_in: Any, tmp_path: Path) -> None:
    """K12: 《防水工程闭水试验记录单》 with 10 hours of ponding is refused, the rule and its explanation in Chinese."""
    project = project_of(portal, signed_contract(portal)["id"])
    file_forms_before_work(portal, project["id"])
    s = sign_in("foreman-a", PHONE)
    page = s.go(f"/projects/{project['id']}")
    page.wait_for_selector("[data-test=steps]")
    open_tab(page, "工程资料")
    page.click("[data-fill=water_closure_test]")
    page.locator("[data-test=form-dialog]").wait_for()
    ended = datetime.now(SHANGHAI).replace(second=0, microsecond=0) - timedelta(hours=1)
    fill(page, "area", "卫生间")
    fill(page, "started_at", (ended - timedelta(hours=10)).strftime("%Y-%m-%dT%H:%M"))
    fill(page, "ended_at", ended.strftime("%Y-%m-%dT%H:%M"))
    fill(page, "upturn_mm", "300")
    tick(page, "passed")
    sign_pad(page, "customer")
    sign_pad(page, "foreman")
    page.click("[data-test=form-submit]")
    rule = page.locator("[data-test=form-dialog] [data-test=problem-rule]")
    rule.wait_for()
    assert "K12" in rule.inner_text() and "闭水试验至少 24 小时" in rule.inner_text(), rule.inner_text()
    assert page.locator("[data-test=form-dialog] .el-alert__title").inner_text() == "业务规则不允许"
    s.axe()
    forms = portal.as_user("foreman-a").get(f"/api/v1/projects/{project['id']}/forms").json()["items"]
    assert not [f for f in forms if f["type"] == "water_closure_test"], "nothing half-written (P05)"


def test_K08_the_rectification_queue_shows_open_orders_with_their_deadline(
        portal: Live, sign_in: Any, tmp_path: Path) -> None:
    """K08: QC's queue (整改单) lists the open orders of the store with the deadline; a closed one is under 已关闭."""
    project = project_of(portal, signed_contract(portal)["id"])
    qc = portal.as_user("qc-a")
    failed = qc.post(f"/api/v1/projects/{project['id']}/inspections",
                     json={"trade": "joinery", "results": [{"check": "6.0.1-moisture", "observed": 14}]})
    assert failed.status_code == 201, failed.text
    [order] = failed.json()["rectification_orders"]
    s = sign_in("qc-a", PHONE)
    page = s.go("/rectifications")
    due = page.locator(f"[data-due='{order['id']}']")
    due.wait_for()
    assert due.inner_text() == order["due_on"]
    s.shot("construction_rectifications", tmp_path)
    s.axe()
    passed = qc.post(f"/api/v1/projects/{project['id']}/inspections",
                     json={"trade": "joinery", "results": [{"check": "6.0.1-moisture", "observed": 11}]})
    assert passed.status_code == 201
    assert qc.post(f"/api/v1/rectification-orders/{order['id']}/close").status_code == 200
    page.reload()
    page.locator("[data-test=rect-status] .el-radio-button", has_text="已关闭").click()
    page.locator(f"[data-due='{order['id']}']").wait_for()
    page.locator("[data-test=rect-status] .el-radio-button", has_text="整改中").click()
    page.wait_for_selector(f"[data-due='{order['id']}']", state="detached")
