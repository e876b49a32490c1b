"""The designer's whole sales journey in the browser, and problems shown in Chinese with their rule."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tests.browser.conftest import PHONE
from tests.platforms import Live

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c"
                    "6360000002000100e221bc330000000049454e44ae426082")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sign_on_canvas(page: Any, scope: str) -> None:
    box = page.locator(f"{scope} [data-test=signature-canvas]").bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 40)
    page.mouse.down()
    for i in range(1, 12):
        page.mouse.move(box["x"] + 20 + i * 18, box["y"] + 40 + (i % 3) * 25, steps=3)
    page.mouse.up()


def pick(page: Any, trigger: str, option: str) -> None:
    """Choose an option of an Element Plus select (its list is teleported to the body)."""
    page.click(trigger)
    page.locator(".el-select-dropdown__item:visible", has_text=option).first.click()
    # The list fades out after the choice; until it has, its options still count as visible and a
    # next pick whose text one of them contains ("承重墙" in "非承重墙拆除") would take the wrong one.
    page.wait_for_function(
        "() => ![...document.querySelectorAll('.el-select__popper')].some((p) => p.style.display !== 'none')")


def register_lead(page: Any, name: str, phone: str = "13900002222", consultation: str | None = None) -> None:
    page.click("[data-test=new-lead]")
    page.fill("[data-test=lead-form] input[name=customer_name]", name)
    page.fill("[data-test=lead-form] input[name=phone]", phone)
    page.fill("[data-test=lead-form] input[name=address]", "海淀区中关村大街 1 号 2-301")
    if consultation:
        pick(page, "[data-test=lead-form] [data-test=consultation]", consultation)
    page.click("[data-test=lead-save]")


def test_S01_to_C04_designer_takes_a_lead_to_a_signed_contract_in_the_browser(
        portal: Live, sign_in: Any, tmp_path: Path) -> None:
    """S01 S05 S06 S07 C02 C01 C05 C04: every sales step by clicking, ending with the number and the print view."""
    s = sign_in("designer-a")
    page = s.go("/leads")
    page.wait_for_selector("[data-test=leads]")
    s.shot("designer", tmp_path)
    s.axe()
    register_lead(page, "李娜")
    page.locator("[data-test=leads] .data-row", has_text="李娜").first.click()
    page.wait_for_selector("[data-test=lead-view]")
    lead_id = page.url.rsplit("/", 1)[-1]

    # Estimate (S02 allows an itemised one on a walk-in)
    page.fill("[data-test=estimate-form] input[name=est-name-0]", "水电改造")
    page.fill("[data-test=estimate-form] input[name=est-amount-0]", "8000")
    page.click("[data-test=estimate-save]")
    page.wait_for_selector("[data-test=estimate] .el-table__row")

    # Measurement request: no deposit, so it waits for the studio manager (S05)
    visit = (datetime.now() + timedelta(days=3)).strftime("%Y-%m-%d 10:00:00")
    page.fill("[data-test=visit] .el-date-editor input", visit)
    page.keyboard.press("Enter")
    page.click("[data-test=request-save]")
    page.wait_for_selector("[data-request-status=awaiting_approval]")
    designer = portal.as_user("designer-a")
    request_id = designer.get(f"/api/v1/leads/{lead_id}").json()["measurement_requests"][0]["id"]
    manager = portal.as_user("studio_manager-a")
    assert manager.post(f"/api/v1/measurement-requests/{request_id}/approve").status_code == 200
    page.reload()
    page.wait_for_selector("[data-request-status=scheduled]")

    # Measurement: rooms and the wall judgement (S06)
    page.fill("input[name=room-length-0]", "5.2")
    page.fill("input[name=room-width-0]", "4")
    page.fill("input[name=wall-name-0]", "客厅与卧室之间")
    page.click("[data-test=measure-save]")
    page.wait_for_selector("text=20.80")

    # Design version with a floor plan dropped onto the upload, then the customer signs it (S07)
    page.set_input_files("[data-test=design-form] input[type=file]",
                         files=[{"name": "平面图.png", "mimeType": "image/png", "buffer": PNG}])
    page.wait_for_selector("[data-test=design-form] .el-upload-list__item.is-success")
    page.fill("input[name=budget-name-0]", "基础装修")
    page.fill("input[name=budget-amount-0]", "68000")
    page.click("[data-test=design-save]")
    page.click("[data-confirm-design='1']")
    sign_on_canvas(page, ".el-dialog")
    page.click("[data-test=confirm-design-save]")
    page.wait_for_selector("[data-design-status=confirmed]")

    # Quote from the catalogue and a special item (C02), issued
    pick(page, "[data-test=quote-code-0]", "PAINT-01")
    page.fill("input[name=quote-qty-0]", "120")
    page.click("[data-test=add-special]")
    page.fill("input[name=special-name-0]", "进口艺术涂料")
    page.fill("input[name=special-price-0]", "3200")
    # C03: a special item opening a load-bearing wall is refused, with the rule in Chinese
    pick(page, "[data-test=special-structure-0]", "承重墙")
    page.click("[data-test=quote-save]")
    rule = page.locator("[data-test=quote-form] [data-test=problem-rule]")
    rule.wait_for()
    assert "C03" in rule.inner_text(), rule.inner_text()
    pick(page, "[data-test=special-structure-0]", "不涉及结构")
    page.click("[data-test=quote-save]")
    page.wait_for_selector("[data-quote-status=draft]")
    quote = designer.get(f"/api/v1/quotes/{page.get_attribute('[data-quote]', 'data-quote')}").json()
    special = next(i for i in quote["items"] if i["special"])
    assert special["approval"] == "pending"
    approved = manager.post(f"/api/v1/quotes/{quote['id']}/special-items/{special['line']}/approve")
    assert approved.status_code == 200, approved.text
    page.click("[data-test=issue]")
    page.wait_for_selector("[data-quote-status=issued]")
    page.click("[data-test=draft-contract]")
    page.wait_for_selector("[data-test=contract-view]")

    # Attachments by drag-and-drop upload, one per kind of C01, then the customer signs (C05)
    kinds = designer.get(f"/api/v1/contracts/{page.url.rsplit('/', 1)[-1]}").json()["missing_attachments"]
    for kind in kinds:
        pick(page, "[data-test=attach-kind]", _label(kind))
        page.set_input_files("[data-test=contract-view] input[type=file]",
                             files=[{"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF}])
        page.wait_for_selector(f"[data-attached={kind}]")
    assert page.locator("[data-test=missing]").count() == 0
    page.click("[data-test=sign]")
    page.wait_for_selector("[data-test=problem-rule]")  # no cost notice yet: C05 says why, in Chinese
    assert "C05" in page.inner_text("[data-test=sign-card]") or "签名" in page.inner_text("[data-test=sign-card]")
    page.click("[data-test=cost-notice]")
    sign_on_canvas(page, "[data-test=sign-card]")
    page.click("[data-test=sign]")
    page.wait_for_selector("[data-test=contract-status]:has-text('已签约')")
    number = page.inner_text("[data-test=contract-number]")
    assert len(number) == 9 and number.startswith("A"), number  # C04: A + yymmdd + the day's count
    page.click("[data-test=print]")
    page.wait_for_selector("[data-test=print-number]")
    assert page.inner_text("[data-test=print-number]") == number
    page.emulate_media(media="print")
    assert page.locator(".no-print").first.is_hidden()
    # The quote's lines arrive after the number: wait for them rather than read a half-drawn page.
    page.locator("[data-test=contract-print]", has_text="进口艺术涂料").wait_for()
    assert "进口艺术涂料" in page.inner_text("[data-test=contract-print]")


LABELS = {"contract_notes": "合同说明", "agreed_terms": "约定条款", "customer_supplied_materials": "甲供材表",
          "company_supplied_materials": "乙供材表", "drawings": "图纸", "customer_notice": "客户须知",
          "customer_service_form": "客户服务单"}


def _label(kind: str) -> str:
    return LABELS[kind]


def test_S02_P05_problems_are_shown_in_chinese_with_the_rule(portal: Live, sign_in: Any) -> None:
    """P05: a pydantic 400 is translated by field and kind; S02: a rule's refusal names the rule and explains it."""
    s = sign_in("designer-a", PHONE)
    page = s.go("/leads")
    page.wait_for_selector("[data-test=leads]")
    register_lead(page, "赵强", phone="1", consultation="电话咨询")
    message = page.locator("[data-test=lead-form] [data-test=problem-message]")
    message.wait_for()
    assert message.inner_text() == "电话：至少 5 个字符"
    assert "P05" in page.inner_text("[data-test=lead-form] [data-test=problem-rule]")
    s.axe()
    page.fill("[data-test=lead-form] input[name=phone]", "13911112222")
    page.click("[data-test=lead-save]")
    page.locator("[data-test=leads] [data-row]", has_text="赵强").first.click()
    page.wait_for_selector("[data-test=lead-view]")
    page.click("[data-test=scope-whole]")
    page.fill("input[name=est-name-0]", "全屋")
    page.fill("input[name=est-amount-0]", "120000")
    page.click("[data-test=estimate-save]")
    rule = page.locator("[data-test=estimate] [data-test=problem-rule]")
    rule.wait_for()
    assert "S02" in rule.inner_text() and "电话咨询" in rule.inner_text()
    s.axe()
