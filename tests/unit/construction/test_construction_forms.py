"""Signed forms of a project (P02) and the gates of K03–K17 they open, through the use cases."""

from __future__ import annotations

import hashlib
import io

import pytest
from pypdf import PdfReader

from services.construction.domain.forms import FORMS
from services.construction.domain.sequence import STEPS
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from shared.identity.context import Principal
from shared.structure import FORBIDDEN

from . import paperwork
from .conftest import Site, installment_paid, published, staff

FOREMAN, QC = staff("foreman"), staff("qc")


def finish(site: Site, project_id: str, count: int) -> None:
    """Complete the first ``count`` steps of the sequence (with the forms their gates need)."""
    project = site.call("get_project", FOREMAN, project_id=project_id)
    if not project["gates"][1]["open"]:
        site.ready(project_id)
    gates = {g["gate"]: g["open"] for g in site.call("get_project", FOREMAN, project_id=project_id)["gates"]}
    if not gates["waterproofing_passed"]:
        site.sign(project_id, "water_closure_test")
    if not gates["hidden_works_closed"]:
        site.sign(project_id, "hidden_works_acceptance")
    for step in STEPS[:count]:
        site.call("start_step", FOREMAN, project_id=project_id, step=step.name)
        site.call("complete_step", FOREMAN, project_id=project_id, step=step.name)


def pdf_text(site: Site, document_key: str) -> tuple[bytes, str]:
    pdf = site.documents.get("demo", document_key)
    return pdf, "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")


def test_P02_every_form_type_of_K02_K17_is_declared_with_customer_signing_where_the_seed_says() -> None:
    expected = {"contract_review", "design_handover", "work_commitment", "commissioned_items", "site_handover",
                "material_inspection", "site_condition", "customer_authorization", "change_order",
                "staged_acceptance", "delay", "demolition_confirmation", "hidden_works_acceptance",
                "water_closure_test", "midterm_settlement", "completion_settlement", "cleaning_notice",
                "completion_acceptance", "customer_evaluation", "video_log"}
    assert set(FORMS.types) == expected
    assert FORMS.get("site_handover").signers == ("customer", "designer", "qc", "foreman")  # K03
    assert set(FORMS.get("material_inspection").signers) == {"foreman", "qc", "customer"}  # K05
    assert FORMS.get("site_condition").opens == ("construction_start",)  # K06
    assert all(t.title.startswith("《") and t.title.endswith("》") for t in FORMS)


def test_P02_signed_form_is_a_pdf_with_title_contract_number_signers_and_its_hash(site: Site) -> None:
    project_id = site.open()
    form = site.sign(project_id, "design_handover")
    assert (form["type"], form["version"], form["supersedes"]) == ("design_handover", 1, None)
    stored = next(f for f in site.call("list_forms", FOREMAN, project_id=project_id)["items"])
    key = f"forms/{project_id}/{form['document_id']}.pdf"
    pdf, text = pdf_text(site, key)
    assert hashlib.sha256(pdf).hexdigest() == form["sha256"] == stored["sha256"]
    for expected in ("《设计一次交底单》", "A25112201", "张设计", "赵质检", "李建国", "设计师", "质检员", "工长",
                     form["content_hash"]):
        assert expected in text, expected
    content = site.call("document_content", FOREMAN, document_id=form["document_id"])
    assert (content["storage_key"], content["sha256"], content["size"]) == (key, form["sha256"], len(pdf))


def test_F06_the_documents_list_fills_in_as_forms_are_signed(site: Site) -> None:
    project_id = site.open()
    form = site.sign(project_id, "contract_review")
    project = site.call("get_project", FOREMAN, project_id=project_id)
    line = next(d for d in project["documents"] if d["type"] == "contract_review")
    assert (line["status"], line["document_id"]) == ("signed", form["document_id"])
    assert {d["status"] for d in project["documents"] if d["type"] != "contract_review"} == {"missing"}
    assert project["documents_complete"] is False


def test_P02_a_missing_signer_is_422_on_signatures_with_the_role(site: Site) -> None:
    project_id = site.open()
    with pytest.raises(RuleViolation) as err:
        site.call("sign_form", FOREMAN, project_id=project_id,
                  **paperwork.body("site_condition", without="customer"))
    assert (err.value.status, err.value.field) == (422, "signatures") and "customer" in err.value.detail


def test_P02_only_the_filing_role_of_the_projects_store_files_a_form(site: Site) -> None:
    project_id = site.open()
    with pytest.raises(Forbidden):
        site.call("sign_form", staff("designer"), project_id=project_id, **paperwork.body("site_condition"))
    with pytest.raises(NotFound):
        site.call("sign_form", staff("foreman", store="B"), project_id=project_id,
                  **paperwork.body("work_commitment"))
    with pytest.raises(NotFound):
        site.call("sign_form", staff("foreman", tenant="other"), project_id=project_id,
                  **paperwork.body("work_commitment"))
    with pytest.raises(NotFound):
        site.call("list_forms", staff("foreman", store="B"), project_id=project_id)
    with pytest.raises(NotFound):
        site.call("document_content", staff("foreman", store="B"),
                  document_id=site.sign(project_id, "work_commitment")["document_id"])


def test_P05_bad_form_input_is_400_naming_the_field(site: Site) -> None:
    project_id = site.open()
    with pytest.raises(InvalidInput) as err:
        site.call("sign_form", FOREMAN, project_id=project_id, **paperwork.body("delay", days="7"))
    assert err.value.field == "data.days"
    with pytest.raises(InvalidInput) as err:
        site.call("sign_form", FOREMAN, project_id=project_id, **{**paperwork.body("delay"), "type": "roof"})
    assert err.value.field == "type"
    bad_image = paperwork.body("work_commitment")
    bad_image["signatures"][0]["image"] = "javascript:alert(1)"
    with pytest.raises(InvalidInput) as err:
        site.call("sign_form", FOREMAN, project_id=project_id, **bad_image)
    assert err.value.field == "signatures.0.image"


def test_P02_a_correction_is_a_new_version_and_the_first_stays(site: Site) -> None:
    project_id = site.open()
    first = site.sign(project_id, "work_commitment")
    with pytest.raises(Conflict) as err:
        site.sign(project_id, "work_commitment")  # signed once; corrections supersede
    assert err.value.rule == "P02"
    second = site.sign(project_id, "work_commitment", supersedes=first["id"], crew="王师傅施工队")
    assert (second["version"], second["supersedes"]) == (2, first["id"])
    assert second["document_id"] != first["document_id"]
    with pytest.raises(Conflict):
        site.sign(project_id, "work_commitment", supersedes=first["id"])  # already corrected
    with pytest.raises(InvalidInput):
        site.sign(project_id, "contract_review", supersedes=second["id"])  # another type
    forms = {f["id"]: f for f in site.call("list_forms", FOREMAN, project_id=project_id)["items"]}
    assert forms[first["id"]]["superseded_by"] == second["id"] and forms[second["id"]]["superseded_by"] is None
    _, text = pdf_text(site, f"forms/{project_id}/{first['document_id']}.pdf")
    assert "李建国施工队" in text  # the first PDF never changes
    _, text = pdf_text(site, f"forms/{project_id}/{second['document_id']}.pdf")
    assert "王师傅施工队" in text and first["id"] in text


def test_P02_a_replayed_idempotency_key_answers_the_first_form_and_files_nothing(site: Site) -> None:
    project_id = site.open()
    one = site.call("sign_form", FOREMAN, project_id=project_id, idempotency_key="k-1",
                    **paperwork.body("delay"))
    again = site.call("sign_form", FOREMAN, project_id=project_id, idempotency_key="k-1",
                      **paperwork.body("delay"))
    assert again == one
    second_foreman = Principal(tenant_id="demo", user_id="foreman-2", username="foreman-2",
                               roles=frozenset({"foreman"}), stores=frozenset({"A"}))
    other = site.call("sign_form", second_foreman, project_id=project_id, idempotency_key="k-1",
                      **paperwork.body("delay"))
    assert other["id"] != one["id"]  # a key belongs to its caller
    assert len(site.call("list_forms", FOREMAN, project_id=project_id)["items"]) == 2


def test_K03_site_handover_follows_design_handover_on_a_later_day(site: Site) -> None:
    project_id = site.open()
    with pytest.raises(Conflict) as err:
        site.sign(project_id, "site_handover")
    assert err.value.rule == "K03"
    site.sign(project_id, "design_handover")
    with pytest.raises(RuleViolation) as err:
        site.sign(project_id, "site_handover", handover_on="2026-11-23")
    assert (err.value.rule, err.value.field) == ("K03", "data.handover_on")
    assert site.sign(project_id, "site_handover")["version"] == 1


def test_K06_site_condition_needs_the_accepted_site_handover(site: Site) -> None:
    project_id = site.open()
    site.sign(project_id, "design_handover")
    with pytest.raises(Conflict) as err:
        site.sign(project_id, "site_condition")
    assert err.value.rule == "K06"
    site.sign(project_id, "site_handover", accepted=False)  # not accepted: opens nothing
    with pytest.raises(Conflict):
        site.sign(project_id, "site_condition")


def test_K06_no_step_starts_before_the_site_condition_record_is_signed(site: Site) -> None:
    project_id = site.open()
    with pytest.raises(Conflict) as err:
        site.call("start_step", FOREMAN, project_id=project_id, step="windows")
    assert (err.value.status, err.value.rule) == (409, "K06")
    for type_id in paperwork.BEFORE_WORK:
        site.sign(project_id, type_id)
    assert site.call("start_step", FOREMAN, project_id=project_id, step="windows")["status"] == "in_progress"
    gates = {g["gate"]: g for g in site.call("get_project", FOREMAN, project_id=project_id)["gates"]}
    assert gates["construction_start"]["open"] and gates["construction_start"]["rule"] == "K06"


def test_K05_materials_are_used_only_after_their_inspection_accepted_them(site: Site) -> None:
    project_id = site.open()
    for type_id in ("design_handover", "site_handover", "site_condition"):
        site.sign(project_id, type_id)
    with pytest.raises(Conflict) as err:
        site.call("start_step", FOREMAN, project_id=project_id, step="windows")
    assert err.value.rule == "K05"
    rejected = [{"name": "窗框", "quantity": "4", "unit": "樘", "accepted": False}]
    site.sign(project_id, "material_inspection", items=rejected)
    with pytest.raises(Conflict) as err:
        site.call("start_step", FOREMAN, project_id=project_id, step="windows")
    assert err.value.rule == "K05"
    site.sign(project_id, "material_inspection")
    assert site.call("start_step", FOREMAN, project_id=project_id, step="windows")["status"] == "in_progress"


def test_K11_hidden_works_are_closed_up_only_after_their_acceptance(site: Site) -> None:
    project_id = site.open()
    site.ready(project_id)
    site.sign(project_id, "water_closure_test")
    for step in STEPS[:4]:
        site.call("start_step", FOREMAN, project_id=project_id, step=step.name)
        site.call("complete_step", FOREMAN, project_id=project_id, step=step.name)
    with pytest.raises(Conflict) as err:
        site.call("start_step", FOREMAN, project_id=project_id, step="kitchen_bath_tiles")
    assert err.value.rule == "K11"
    site.sign(project_id, "hidden_works_acceptance", passed=False)
    with pytest.raises(Conflict):
        site.call("start_step", FOREMAN, project_id=project_id, step="kitchen_bath_tiles")
    site.sign(project_id, "hidden_works_acceptance")
    assert site.call("start_step", FOREMAN, project_id=project_id, step="kitchen_bath_tiles")["status"] == "in_progress"


def test_K12_a_water_closure_test_under_24_hours_cannot_pass(site: Site) -> None:
    project_id = site.open()
    with pytest.raises(RuleViolation) as err:
        site.call("sign_form", FOREMAN, project_id=project_id,
                  **{**paperwork.body("water_closure_test"), "data": paperwork.closure(23.5)})
    assert (err.value.status, err.value.rule, err.value.field) == (422, "K12", "data.ended_at")
    failed = site.call("sign_form", FOREMAN, project_id=project_id,
                       **{**paperwork.body("water_closure_test"), "data": paperwork.closure(10, passed=False)})
    assert failed["version"] == 1  # a short test may be recorded as failed
    with pytest.raises(RuleViolation) as err:
        site.call("sign_form", FOREMAN, project_id=project_id,
                  **{**paperwork.body("water_closure_test"), "data": paperwork.closure(30, leaks=True)})
    assert err.value.rule == "K12"
    exactly = site.call("sign_form", FOREMAN, project_id=project_id,
                        **{**paperwork.body("water_closure_test"), "data": paperwork.closure(24)})
    assert exactly["data"]["passed"] is True


def test_Q05_waterproofing_turns_up_at_least_250_mm_to_pass(site: Site) -> None:
    project_id = site.open()
    with pytest.raises(RuleViolation) as err:
        site.call("sign_form", FOREMAN, project_id=project_id,
                  **{**paperwork.body("water_closure_test"), "data": paperwork.closure(25, upturn_mm="249")})
    assert (err.value.rule, err.value.field) == ("Q05", "data.upturn_mm")
    site.call("sign_form", FOREMAN, project_id=project_id,
              **{**paperwork.body("water_closure_test"), "data": paperwork.closure(25, upturn_mm="250")})


def test_K12_waterproofing_completes_only_after_a_passed_closure_test(site: Site) -> None:
    project_id = site.open()
    site.ready(project_id)
    for step in STEPS[:2]:
        site.call("start_step", FOREMAN, project_id=project_id, step=step.name)
        site.call("complete_step", FOREMAN, project_id=project_id, step=step.name)
    site.call("start_step", FOREMAN, project_id=project_id, step="waterproofing")
    with pytest.raises(Conflict) as err:
        site.call("complete_step", FOREMAN, project_id=project_id, step="waterproofing")
    assert err.value.rule == "K12"
    site.sign(project_id, "water_closure_test")
    assert site.call("complete_step", FOREMAN, project_id=project_id, step="waterproofing")["status"] == "completed"


def _removal(amount: str) -> list[dict[str, str]]:
    return [{"name": "取消吊顶", "change": "remove", "quantity": "1", "unit": "项", "amount": amount}]


def test_K09_change_order_removals_over_10_percent_of_the_contract_are_refused(site: Site) -> None:
    project_id = site.open()  # a 100000.00 contract: removals up to 10000.00
    with pytest.raises(RuleViolation) as err:
        site.sign(project_id, "change_order", by=staff("designer"), items=_removal("10000.01"))
    assert (err.value.status, err.value.rule, err.value.field) == (422, "K09", "data.items")
    first = site.sign(project_id, "change_order", by=staff("designer"), items=_removal("6000.00"))
    with pytest.raises(RuleViolation) as err:
        site.sign(project_id, "change_order", items=_removal("4000.01"))  # 10000.01 in all
    assert err.value.rule == "K09"
    site.sign(project_id, "change_order", items=_removal("4000.00"))  # exactly 10%
    # a correction replaces its order's removals instead of adding to them
    site.sign(project_id, "change_order", supersedes=first["id"], items=_removal("5000.00"))
    added = [{"name": "增加筒灯", "change": "add", "quantity": "10", "unit": "个", "amount": "900.00"}]
    site.sign(project_id, "change_order", items=added)


def test_C03_Q09_heating_gas_and_load_bearing_walls_never_change_insulation_walls_only_with_the_permit(
        site: Site) -> None:
    project_id = site.open()
    # the kit's one vocabulary, shared with quotes: every prohibition of 1.0.5 and 流程07
    for structure in sorted(FORBIDDEN):
        item = {"name": "开门洞", "change": "add", "quantity": "1", "unit": "处", "amount": "500.00",
                "structure": structure}
        with pytest.raises(RuleViolation) as err:
            site.sign(project_id, "change_order", items=[item])
        assert (err.value.rule, err.value.field) == ("C03", "data.items.0.structure")
    wall = {"name": "拆保温墙", "change": "add", "quantity": "1", "unit": "处", "amount": "500.00",
            "structure": "insulation_wall"}
    with pytest.raises(RuleViolation) as err:
        site.sign(project_id, "change_order", items=[wall])
    assert (err.value.rule, err.value.field) == ("C03", "data.items.0.permit_document_id")
    site.sign(project_id, "change_order", items=[{**wall, "permit_document_id": "doc-permit-1"}])


def test_K13_midterm_settlement_waits_until_past_half_and_tells_finance(site: Site) -> None:
    project_id = site.open()
    with pytest.raises(Conflict) as err:
        site.sign(project_id, "midterm_settlement", by=QC)
    assert err.value.rule == "K13"
    finish(site, project_id, 6)
    form = site.sign(project_id, "midterm_settlement", by=QC)
    [event] = published(site, "midterm_settlement_signed")
    assert (event["amount"], event["document_id"], event["form_id"], event["contract_id"]) == (
        "30000.00", form["document_id"], form["id"], "c-1")


def test_K14_past_half_qc_registers_the_showcase_site_once(site: Site) -> None:
    project_id = site.open()
    with pytest.raises(Forbidden):
        site.call("register_showcase", FOREMAN, project_id=project_id)
    with pytest.raises(Conflict) as err:
        site.call("register_showcase", QC, project_id=project_id)
    assert err.value.rule == "K14"
    finish(site, project_id, 6)
    assert site.call("register_showcase", QC, project_id=project_id)["showcase_on"] is not None
    with pytest.raises(Conflict):
        site.call("register_showcase", QC, project_id=project_id)
    assert [e["project_id"] for e in published(site, "showcase_site_registered")] == [project_id]


def test_K15_K16_completion_settlement_then_acceptance_after_all_steps(site: Site) -> None:
    project_id = site.open()
    finish(site, project_id, 10)
    with pytest.raises(Conflict) as err:
        site.sign(project_id, "completion_settlement", by=QC)
    assert err.value.rule == "K15"
    site.call("start_step", FOREMAN, project_id=project_id, step="fixtures")
    site.call("complete_step", FOREMAN, project_id=project_id, step="fixtures")
    with pytest.raises(Conflict) as err:
        site.sign(project_id, "completion_acceptance", by=QC)
    assert err.value.rule == "K16"
    with pytest.raises(Conflict):
        site.sign(project_id, "customer_evaluation")
    site.sign(project_id, "completion_settlement", by=QC)
    assert published(site, "completion_settlement_signed")[0]["amount"] == "20300.00"
    accepted = site.sign(project_id, "completion_acceptance", by=QC)
    [event] = published(site, "completion_accepted")
    assert (event["form_id"], event["waterproofing"]) == (accepted["id"], True)
    assert site.call("get_project", FOREMAN, project_id=project_id)["status"] == "accepted"
    site.sign(project_id, "customer_evaluation")


def test_K16_a_failed_completion_acceptance_announces_nothing(site: Site) -> None:
    project_id = site.open()
    finish(site, project_id, 11)
    site.sign(project_id, "completion_settlement", by=QC)
    site.sign(project_id, "completion_acceptance", by=QC, passed=False)
    assert published(site, "completion_accepted") == []


def test_K17_keys_only_when_acceptance_passed_and_the_final_payment_is_in(site: Site) -> None:
    project_id = site.open()
    finish(site, project_id, 11)
    with pytest.raises(Conflict) as err:
        site.call("hand_over_keys", FOREMAN, project_id=project_id)
    assert err.value.rule == "K17"
    site.sign(project_id, "completion_settlement", by=QC)
    site.sign(project_id, "completion_acceptance", by=QC)
    site.deliver(installment_paid(kind="midterm"))  # not the final one
    with pytest.raises(Conflict) as err:
        site.call("hand_over_keys", FOREMAN, project_id=project_id)
    assert err.value.rule == "K17" and "final payment" in err.value.detail
    with pytest.raises(Forbidden):
        site.call("hand_over_keys", QC, project_id=project_id)
    site.deliver(installment_paid(kind="final"))
    project = site.call("hand_over_keys", FOREMAN, project_id=project_id)
    assert project["status"] == "handed_over" and project["keys_handed_over_on"] is not None
    assert [e["project_id"] for e in published(site, "keys_handed_over")] == [project_id]
    with pytest.raises(Conflict):
        site.call("hand_over_keys", FOREMAN, project_id=project_id)


def test_K04_the_video_of_an_acceptance_is_logged_as_a_document(site: Site) -> None:
    project_id = site.open()
    form = site.sign(project_id, "video_log", by=QC)
    assert form["data"]["video_document_id"] == "00000000-0000-0000-0000-000000000001"
    assert form["data"]["acceptance"] == "waterproofing_hidden_works"


def test_F06_documents_complete_once_every_listed_form_is_signed(site: Site) -> None:
    project_id = site.open()
    site.sign(project_id, "contract_review")
    site.sign(project_id, "work_commitment")
    site.sign(project_id, "commissioned_items")
    finish(site, project_id, 11)
    site.sign(project_id, "midterm_settlement", by=QC)
    site.sign(project_id, "completion_settlement", by=QC)
    site.sign(project_id, "completion_acceptance", by=QC)
    site.sign(project_id, "customer_evaluation")
    project = site.call("get_project", FOREMAN, project_id=project_id)
    assert project["documents_complete"] is True
    assert all(d["document_id"] for d in project["documents"])


def test_F06_settlement_registered_once_by_engineering_stats_after_every_form_is_signed(site: Site) -> None:
    stats = staff("engineering_stats")
    project_id = site.open()
    with pytest.raises(Forbidden) as refused:
        site.call("register_settlement", QC, project_id=project_id)
    assert refused.value.rule == "F06"
    with pytest.raises(NotFound):
        site.call("register_settlement", staff("engineering_stats", "B"), project_id=project_id)
    with pytest.raises(NotFound):
        site.call("register_settlement", staff("engineering_stats", tenant="other"), project_id=project_id)
    site.sign(project_id, "contract_review")
    site.sign(project_id, "work_commitment")
    finish(site, project_id, 11)
    site.sign(project_id, "midterm_settlement", by=QC)
    site.sign(project_id, "completion_settlement", by=QC)
    site.sign(project_id, "completion_acceptance", by=QC)
    with pytest.raises(Conflict) as err:  # the commissioned items and the evaluation are not on file
        site.call("register_settlement", stats, project_id=project_id)
    assert err.value.rule == "F06" and err.value.field == "documents"
    assert "commissioned_items" in err.value.detail and "customer_evaluation" in err.value.detail
    assert "contract_review" not in err.value.detail
    assert site.call("get_project", stats, project_id=project_id)["missing_documents"] == [
        "commissioned_items", "customer_evaluation"]
    assert published(site, "settlement_registered") == []
    site.sign(project_id, "commissioned_items")
    site.sign(project_id, "customer_evaluation")
    project = site.call("register_settlement", stats, project_id=project_id)
    assert project["settlement_registered_on"] is not None
    assert project["settlement_registered_by"] == "engineering_stats-a"
    assert project["missing_documents"] == []
    with pytest.raises(Conflict) as again:  # once
        site.call("register_settlement", stats, project_id=project_id)
    assert again.value.rule == "F06"
    assert [e["project_id"] for e in published(site, "settlement_registered")] == [project_id]
