"""S04 through the API, in both modes: a past week's customer resource statistics on demand, its
documents, and the general manager's notification; the refusals of the endpoint."""

from __future__ import annotations

from datetime import timedelta

from shared.clock import local_today
from tests.platforms import Live, eventually

PATH = "/api/v1/statements/customer-resources"


def test_S04_a_past_weeks_customer_resource_statistics(live: Live) -> None:
    today = local_today()
    monday = (today - timedelta(days=today.weekday() + 7)).isoformat()
    gm = live.as_user("general_manager")
    answer = gm.get(PATH, params={"week": monday, "store": "A"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["kind"] == "customer_resources" and len(body["days"]) == 7 and body["days"][0]["day"] == monday
    assert body["leads"] == sum(d["leads"] for d in body["days"])
    again = live.as_user("studio_manager-a").get(PATH, params={"week": monday})
    assert again.status_code == 200 and again.json()["document_id"] == body["document_id"]  # once
    pdf = gm.get(f"/api/v1/documents/{body['pdf_document_id']}/content", follow_redirects=True)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    sheet = gm.get(f"/api/v1/documents/{body['document_id']}/content", follow_redirects=True)
    assert sheet.status_code == 200 and sheet.content.startswith(b"PK")
    inbox = eventually(lambda: gm.get("/api/v1/notifications"),
                       ok=lambda r: any("客户资源统计表" in i["title"] and monday in i["title"]
                                        for i in r.json()["items"]))
    assert inbox.status_code == 200
    # Nobody else's: another store's manager, another tenant (its own store A is its own).
    assert live.as_user("studio_manager-b").get(PATH, params={"week": monday, "store": "A"}).status_code == 404
    assert live.as_user("studio_manager-b").get(f"/api/v1/documents/{body['pdf_document_id']}/content"
                                                ).status_code == 404
    other = live.as_user("hq@other")
    theirs = other.get(PATH, params={"week": monday, "store": "A"})
    assert theirs.status_code == 200 and theirs.json()["document_id"] != body["document_id"]
    assert other.get(f"/api/v1/documents/{body['document_id']}/content").status_code == 404


def test_S04_statistics_refusals(live: Live) -> None:
    today = local_today()
    this_monday = (today - timedelta(days=today.weekday())).isoformat()
    gm = live.as_user("general_manager")
    refused = live.as_user("designer-a").get(PATH, params={"week": this_monday})
    assert refused.status_code == 403 and refused.json()["rule"] == "S04"
    not_over = gm.get(PATH, params={"week": this_monday, "store": "A"})
    assert not_over.status_code == 422 and not_over.json()["rule"] == "S04"
    tuesday = (today - timedelta(days=today.weekday() + 6)).isoformat()
    for params in ({"week": tuesday, "store": "A"}, {"week": "2026-02-30", "store": "A"}, {"week": "x"},
                   {"week": this_monday, "store": "AB"}, {}, {"week": "9" * 500, "store": "A"},
                   {"week": (today - timedelta(days=today.weekday() + 7)).isoformat()}):
        res = gm.get(PATH, params=params)
        assert res.status_code == 400, (params, res.text)
