"""Construction from handover to completion through the API, as the roles on site (K02–K17, P02, K08).

Every signed form comes back as a PDF from ``GET /documents/{id}/content`` whose SHA-256 is the one
the form answered, with the title, the contract number and the signers' names in its text.
"""

from __future__ import annotations

import hashlib
import io
from decimal import Decimal
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from tests.platforms import Journey, Live, eventually
from tests.unit.construction import paperwork

SEQUENCE = ("windows", "carpentry_base", "waterproofing", "carpentry_finishing", "kitchen_bath_tiles", "painting",
            "kitchen_bath_ceilings_living_floor", "walls", "wood_floor", "skirting", "fixtures")


class Site:
    """One signed contract's project, and the staff of its store."""

    def __init__(self, live: Live) -> None:
        journey = Journey(live)
        self.contract = journey.draft_contract()
        signed = journey.sign(self.contract["id"])
        assert signed.status_code == 200, signed.text
        self.number = signed.json()["number"]
        self.total = Decimal(signed.json()["total"])
        self.designer = journey.designer
        self.live = live
        self.users = {role: live.as_user(f"{role}-a") for role in ("foreman", "qc", "engineering_stats", "materials")}
        self.users["designer"] = self.designer
        self.project = eventually(lambda: self.designer.get("/api/v1/projects",
                                                            params={"contract_id": self.contract["id"]}),
                                  ok=lambda r: r.status_code == 200 and bool(r.json()["items"])).json()["items"][0]
        self.id = self.project["id"]

    def sign(self, type_id: str, *, by: str | None = None, headers: dict[str, str] | None = None,
             body: dict[str, Any] | None = None, **overrides: Any) -> httpx.Response:
        client = self.users[by or paperwork.filer(type_id)]
        return client.post(f"/api/v1/projects/{self.id}/forms", json=body or paperwork.body(type_id, **overrides),
                           headers=headers or {})

    def signed(self, type_id: str, **kwargs: Any) -> dict[str, Any]:
        res = self.sign(type_id, **kwargs)
        assert res.status_code == 201, res.text
        return res.json()  # type: ignore[no-any-return]

    def step(self, step: str, verb: str) -> httpx.Response:
        return self.users["foreman"].post(f"/api/v1/projects/{self.id}/steps/{step}/{verb}")

    def finish(self, *steps: str) -> None:
        for step in steps:
            for verb in ("start", "complete"):
                res = self.step(step, verb)
                assert res.status_code == 200, (step, verb, res.text)

    def read(self) -> dict[str, Any]:
        return self.designer.get(f"/api/v1/projects/{self.id}").json()  # type: ignore[no-any-return]


def pdf_of(client: httpx.Client, form: dict[str, Any]) -> tuple[bytes, str]:
    res = client.get(f"/api/v1/documents/{form['document_id']}/content", follow_redirects=True)
    assert res.status_code == 200, res.text
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(res.content)).pages)
    return res.content, text.replace("\n", "")


def test_K02_K17_P02_construction_journey_from_handover_to_completion(live: Live) -> None:
    site = Site(live)
    types = site.users["foreman"].get("/api/v1/form-types").json()["items"]
    assert len(types) == 20 and {"type", "title", "filed_by", "signers", "schema", "opens"} <= set(types[0])
    hidden = next(t for t in types if t["type"] == "hidden_works_acceptance")
    assert hidden["title"] == "《隐蔽工程验收记录单》" and "customer" in hidden["signers"]
    assert "properties" in hidden["schema"] and hidden["opens"] == ["hidden_works_closed"]

    # K06: nothing starts before the site condition record
    refused = site.step("windows", "start")
    assert refused.status_code == 409 and refused.json()["rule"] == "K06"

    # K02, K03: handovers; P02: a missing signer role is 422 on signatures naming it
    site.signed("contract_review")
    handover = site.signed("design_handover")
    site.signed("work_commitment")
    site.signed("commissioned_items")
    missing = site.sign("site_handover", body=paperwork.body("site_handover", without="customer"))
    assert missing.status_code == 422 and missing.json()["field"] == "signatures"
    assert "customer" in missing.json()["detail"]
    site.signed("site_handover")
    condition = site.signed("site_condition")
    site.signed("material_inspection")

    pdf, text = pdf_of(site.users["foreman"], handover)
    assert hashlib.sha256(pdf).hexdigest() == handover["sha256"]
    for expected in ("《设计一次交底单》", site.number, "张设计", "赵质检", "李建国"):
        assert expected in text, expected
    pdf, text = pdf_of(site.designer, condition)
    assert hashlib.sha256(pdf).hexdigest() == condition["sha256"]
    assert "《施工前现场状况交接单》" in text and "王芳" in text and site.number in text

    # K07 with K12 and K11 on the way: closure test before waterproofing completes, hidden works
    # accepted before the tiles close them up
    site.finish("windows", "carpentry_base")
    assert site.step("waterproofing", "start").status_code == 200
    refused = site.step("waterproofing", "complete")
    assert refused.status_code == 409 and refused.json()["rule"] == "K12"
    short = site.sign("water_closure_test", body={**paperwork.body("water_closure_test"),
                                                  "data": paperwork.closure(20)})
    assert short.status_code == 422 and short.json()["rule"] == "K12"
    site.signed("water_closure_test")
    assert site.step("waterproofing", "complete").status_code == 200
    site.finish("carpentry_finishing")
    refused = site.step("kitchen_bath_tiles", "start")
    assert refused.status_code == 409 and refused.json()["rule"] == "K11"
    site.signed("hidden_works_acceptance")
    site.finish("kitchen_bath_tiles", "painting")

    # K13: past half, the mid-term settlement; K14: the showcase list
    midterm = site.signed("midterm_settlement", by="qc")
    assert midterm["type"] == "midterm_settlement" and len(midterm["sha256"]) == 64
    shown = site.users["qc"].post(f"/api/v1/projects/{site.id}/showcase")
    assert shown.status_code == 200 and shown.json()["showcase_on"]

    # K09: removals over 10% of the contract total are refused
    over = str((site.total * Decimal("0.10") + Decimal("0.01")).quantize(Decimal("0.01")))
    items = [{"name": "取消吊顶", "change": "remove", "quantity": "1", "unit": "项", "amount": over}]
    refused = site.sign("change_order", by="designer", items=items)
    assert refused.status_code == 422 and refused.json()["rule"] == "K09"

    site.finish(*SEQUENCE[6:])
    site.signed("completion_settlement", by="qc")
    site.signed("completion_acceptance", by="qc")
    # F06: engineering statistics registers the settlement only once every form is signed
    register = f"/api/v1/projects/{site.id}/settlement-registration"
    early = site.users["engineering_stats"].post(register)
    assert early.status_code == 409 and early.json()["rule"] == "F06"
    assert "customer_evaluation" in early.json()["detail"] and "design_handover" not in early.json()["detail"]
    site.signed("customer_evaluation")
    assert site.users["qc"].post(register).status_code == 403
    assert live.as_user("engineering_stats-b").post(register).status_code == 404
    assert live.as_user("hq@other").post(register).status_code in (403, 404)
    assert live.as_user("engineering_stats-a").post(f"/api/v1/projects/{'x' * 300}/settlement-registration"
                                                    ).status_code in (400, 404)
    registered = site.users["engineering_stats"].post(register)
    assert registered.status_code == 200, registered.text
    assert registered.json()["settlement_registered_on"] and registered.json()["missing_documents"] == []
    again = site.users["engineering_stats"].post(register)
    assert again.status_code == 409 and again.json()["rule"] == "F06"

    project = site.read()
    assert [(s["step"], s["status"], s["percent"]) for s in project["steps"]] == [
        (s, "completed", 100) for s in SEQUENCE]
    assert project["status"] == "accepted" and project["documents_complete"] is True
    assert all(g["open"] for g in project["gates"])
    lines = {d["type"]: d for d in project["documents"]}
    assert lines["design_handover"]["document_id"] == handover["document_id"]
    assert all(d["status"] == "signed" and d["document_id"] for d in project["documents"])

    # K17: the keys wait for the final payment (finance's installment_paid)
    refused = site.users["foreman"].post(f"/api/v1/projects/{site.id}/keys")
    assert refused.status_code == 409 and refused.json()["rule"] == "K17"
    listed = site.users["qc"].get(f"/api/v1/projects/{site.id}/forms").json()["items"]
    assert len(listed) == 13 and {f["type"] for f in listed} == set(lines)


def test_K08_inspection_decided_from_the_standard_and_its_rectification_order(live: Live) -> None:
    site = Site(live)
    qc = site.users["qc"]
    standard = qc.get("/api/v1/quality-standard").json()
    assert standard["version"] and len(standard["trades"]) >= 12
    body = {"trade": "ceilings", "results": [{"check": "4.0.2-keel-flatness", "observed": 2},
                                             {"check": "4.0.3-lamp-on-keel", "observed": 4.2}]}
    res = qc.post(f"/api/v1/projects/{site.id}/inspections", json=body)
    assert res.status_code == 201, res.text
    inspection = res.json()
    assert [r["passed"] for r in inspection["results"]] == [True, False] and inspection["passed"] is False
    [order] = inspection["rectification_orders"]
    early = qc.post(f"/api/v1/rectification-orders/{order['id']}/close")
    assert early.status_code == 409 and early.json()["rule"] == "K08"
    again = qc.post(f"/api/v1/projects/{site.id}/inspections",
                    json={"trade": "ceilings", "results": [{"check": "4.0.3-lamp-on-keel", "observed": 2.5}]})
    assert again.status_code == 201 and again.json()["passed"] is True
    closed = qc.post(f"/api/v1/rectification-orders/{order['id']}/close")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    foreman = site.users["foreman"].post(f"/api/v1/projects/{site.id}/inspections", json=body)
    assert foreman.status_code == 403 and foreman.json()["rule"] == "K08"
    for bad in ({"trade": "ceilings", "results": "all good"}, {"trade": "ceilings", "results": []},
                {"trade": "ceilings", "results": [{"check": "4.0.2-keel-flatness", "observed": "1e999"}]},
                {"trade": "ceilings", "results": [{"check": "4.0.2-keel-flatness", "observed": None}]},
                {"trade": "x" * 5000, "results": [{"check": "4.0.4", "observed": True}]}):
        res = qc.post(f"/api/v1/projects/{site.id}/inspections", json=bad)
        assert res.status_code == 400, (bad, res.text)


@pytest.mark.parametrize("intruder", ["foreman-b", "qc-b", "designer-a@other"])
def test_P01_forms_and_inspections_of_another_store_or_tenant_answer_404(live: Live, intruder: str) -> None:
    site = Site(live)
    form = site.signed("work_commitment")
    client = live.as_user(intruder)
    for path in (f"/api/v1/projects/{site.id}/forms", f"/api/v1/projects/{site.id}/inspections",
                 f"/api/v1/documents/{form['document_id']}/content"):
        res = client.get(path)
        assert res.status_code == 404, (intruder, path, res.text)
    if intruder.startswith("foreman"):
        res = client.post(f"/api/v1/projects/{site.id}/forms", json=paperwork.body("delay"))
        assert res.status_code == 404, res.text
    if intruder.startswith("qc"):
        res = client.post(f"/api/v1/projects/{site.id}/inspections",
                          json={"trade": "ceilings", "results": [{"check": "4.0.4", "observed": True}]})
        assert res.status_code == 404, res.text
    assert len(site.users["foreman"].get(f"/api/v1/projects/{site.id}/forms").json()["items"]) == 1


def test_P02_forms_refuse_the_wrong_role_and_bad_input_and_keys_belong_to_their_caller(live: Live) -> None:
    site = Site(live)
    refused = site.sign("site_condition", by="designer")
    assert refused.status_code == 403
    for body in ({"type": "delay", "data": "soon", "signatures": []},
                 {"type": "delay", "data": paperwork.data("delay"), "signatures": "all"},
                 {**paperwork.body("delay"), "data": paperwork.data("delay", days=10 ** 30)},
                 {**paperwork.body("delay"), "data": paperwork.data("delay", new_completion_on="2027-02-30")},
                 {**paperwork.body("delay"), "type": "../../etc/passwd"},
                 {**paperwork.body("delay"), "supersedes": "x" * 100}):
        res = site.users["foreman"].post(f"/api/v1/projects/{site.id}/forms", json=body)
        assert res.status_code == 400, (body, res.text)
    key = {"Idempotency-Key": f"form-{site.id}"}
    added = [{"name": "增加筒灯", "change": "add", "quantity": "10", "unit": "个", "amount": "900.00"}]
    one = site.signed("change_order", by="designer", headers=key, items=added)
    again = site.signed("change_order", by="designer", headers=key, items=added)
    assert again["id"] == one["id"]
    other = site.signed("change_order", by="foreman", headers=key, items=added)
    assert other["id"] != one["id"]  # the same key from someone else is a new request
    forms = site.users["foreman"].get(f"/api/v1/projects/{site.id}/forms").json()["items"]
    assert len(forms) == 2
