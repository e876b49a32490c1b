"""Endpoints the portal's queues need: S03 assignment, lead filters, the studio manager's approvals
queues (S05 measurement visits, C02 special items) and contracts by status, with their refusals."""

from __future__ import annotations

from tests.platforms import Journey, Live, eventually, visit_time


def test_S03_marketing_assigns_a_lead_from_its_queue_to_a_designer(live: Live) -> None:
    qc = live.as_user("qc-a")  # a call taken outside sales goes to the marketing queue (S03)
    lead = qc.post("/api/v1/leads", json={"customer_name": "李雷", "phone": "13900002222", "address": "海淀区 1 号",
                                          "store": "A", "source": "tv", "channel": "market",
                                          "consultation_channel": "phone"})
    assert lead.status_code == 201 and lead.json()["assigned_queue"] == "marketing", lead.text
    marketing = live.as_user("marketing-a")
    queued = marketing.get("/api/v1/leads", params={"queue": "marketing", "store": "A", "limit": 200}).json()
    assert lead.json()["id"] in [i["id"] for i in queued["items"]]
    path = f"/api/v1/leads/{lead.json()['id']}/assign"
    assigned = marketing.post(path, json={"designer": "designer-a"})
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["designer"] == "designer-a" and assigned.json()["assigned_queue"] == "designer"
    mine = marketing.get("/api/v1/leads", params={"assignee": "designer-a", "status": "new", "limit": 200}).json()
    assert lead.json()["id"] in [i["id"] for i in mine["items"]]
    assert all(i["designer"] == "designer-a" and i["status"] == "new" for i in mine["items"])
    assert live.as_user("studio_manager-a").post(path, json={"designer": "designer-a"}).status_code == 200

    # refusals
    assert live.as_user("marketing-b").post(path, json={"designer": "designer-b"}).status_code == 404
    assert live.as_user("designer-a@other").post(path, json={"designer": "x"}).status_code == 404
    refused = live.as_user("designer-a").post(path, json={"designer": "designer-a"})
    assert refused.status_code == 403 and refused.json()["rule"] == "S03"
    for bad in ({}, {"designer": ""}, {"designer": "x" * 129}, {"designer": 5}, {"designer": "a b"},
                {"designer": "designer-a", "extra": 1}, {"designer": "designer-a", "lead_id": "other"}):
        assert marketing.post(path, json=bad).status_code == 400, bad
    assert marketing.post("/api/v1/leads/nope/assign", json={"designer": "designer-a"}).status_code == 404
    for bad_query in ({"status": "lost"}, {"queue": "everyone"}, {"assignee": ""}, {"limit": 0}):
        assert marketing.get("/api/v1/leads", params=bad_query).status_code == 400, bad_query


def test_S05_C02_studio_manager_queues_and_contracts_by_status(live: Live) -> None:
    journey = Journey(live)
    lead = journey.lead()
    visit = journey.designer.post(f"/api/v1/leads/{lead['id']}/measurement-requests",
                                  json={"requested_for": visit_time()})
    assert visit.status_code == 201 and visit.json()["status"] == "awaiting_approval", visit.text
    manager = live.as_user("studio_manager-a")
    queue = manager.get("/api/v1/measurement-requests", params={"status": "awaiting_approval", "limit": 200})
    assert queue.status_code == 200 and visit.json()["id"] in [i["id"] for i in queue.json()["items"]]
    assert all(i["status"] == "awaiting_approval" for i in queue.json()["items"])
    assert visit.json()["id"] not in [i["id"] for i in live.as_user("studio_manager-b").get(
        "/api/v1/measurement-requests").json()["items"]]
    assert live.as_user("studio_manager-b").get("/api/v1/measurement-requests", params={"store": "A"}).json()[
        "items"] == []
    assert live.as_user("hq@other").get("/api/v1/measurement-requests").json()["items"] == []
    assert live.as_user("foreman-a").get("/api/v1/measurement-requests").status_code == 403
    assert manager.get("/api/v1/measurement-requests", params={"status": "done"}).status_code == 400

    special = [{"name": "定制酒柜", "unit": "项", "unit_price": "3200.00", "quantity": "1"}]
    contract = journey.draft_contract(special_items=special)
    pending = manager.get("/api/v1/quotes", params={"special_items": "pending", "store": "A", "limit": 200})
    assert pending.status_code == 200, pending.text
    assert contract["quote_id"] in [q["id"] for q in pending.json()["items"]]
    assert contract["quote_id"] not in [q["id"] for q in live.as_user("studio_manager-b").get(
        "/api/v1/quotes", params={"special_items": "pending"}).json()["items"]]
    assert live.as_user("hq@other").get("/api/v1/quotes").json()["items"] == []
    for bad in ({"special_items": "approved"}, {"status": "signed"}, {"limit": 201}):
        assert manager.get("/api/v1/quotes", params=bad).status_code == 400, bad

    drafts = eventually(lambda: manager.get("/api/v1/contracts", params={"status": "draft", "store": "A",
                                                                         "limit": 200}),
                        ok=lambda r: r.status_code == 200)
    assert contract["id"] in [c["id"] for c in drafts.json()["items"]]
    assert all(c["status"] == "draft" for c in drafts.json()["items"])
    assert contract["id"] not in [c["id"] for c in manager.get(
        "/api/v1/contracts", params={"status": "signed", "limit": 200}).json()["items"]]
    assert live.as_user("designer-a@other").get("/api/v1/contracts", params={"status": "draft"}).json()["items"] == []
    assert live.as_user("designer-b").get("/api/v1/contracts", params={"store": "A"}).json()["items"] == []
    assert manager.get("/api/v1/contracts", params={"status": "lost"}).status_code == 400
