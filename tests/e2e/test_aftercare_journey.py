"""Aftercare through the API: the archive opens on signing (A02), complaints (A06), A07 access."""

from __future__ import annotations

from tests.platforms import Journey, Live, eventually


def test_A02_A06_A07_complaint_on_a_signed_contract(live: Live) -> None:
    journey = Journey(live)
    contract = journey.draft_contract()
    assert journey.sign(contract["id"]).status_code == 200
    aftercare = live.as_user("aftercare-a")
    archive = eventually(lambda: aftercare.get(f"/api/v1/customer-archive/{contract['id']}"),
                         ok=lambda r: r.status_code == 200)
    assert archive.status_code == 200 and archive.json()["customer_name"] == "王芳"

    complaint = aftercare.post("/api/v1/complaints", json={"contract_id": contract["id"],
                                                           "text": "卫生间墙砖空鼓", "customers_affected": 1})
    assert complaint.status_code == 201, complaint.text
    assert complaint.json()["status"] == "open" and complaint.json()["pass_on_by"]
    refused = aftercare.post(f"/api/v1/complaints/{complaint.json()['id']}/classify", json={"validity": "valid"})
    assert refused.status_code in (400, 422) and refused.json()["rule"] == "A06"

    foreman = live.as_user("foreman-a")
    denied = foreman.get(f"/api/v1/customer-archive/{contract['id']}")
    assert denied.status_code == 403 and denied.json()["rule"] == "A07"
    assert live.as_user("aftercare-b").get(f"/api/v1/customer-archive/{contract['id']}").status_code == 404
