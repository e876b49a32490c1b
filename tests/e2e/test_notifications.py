"""The notification inbox through the API, in both modes: fed by events (A06 here), read per user."""

from __future__ import annotations

from typing import Any

import pytest

from tests.platforms import Journey, Live, eventually


@pytest.fixture(scope="module")
def escalated(live: Live) -> dict[str, Any]:
    """A complaint of five customers on one matter: major at once, reported to the general manager (A06)."""
    journey = Journey(live)
    contract = journey.draft_contract()
    assert journey.sign(contract["id"]).status_code == 200
    aftercare = live.as_user("aftercare-a")
    eventually(lambda: aftercare.get(f"/api/v1/customer-archive/{contract['id']}"), ok=lambda r: r.status_code == 200)
    complaint = aftercare.post("/api/v1/complaints", json={
        "contract_id": contract["id"], "text": "小区五户同时漏水", "customers_affected": 5, "matter": "同一楼栋漏水"})
    assert complaint.status_code == 201, complaint.text
    gm = live.as_user("general_manager")
    inbox = eventually(lambda: gm.get("/api/v1/notifications"),
                       ok=lambda r: any(i["subject_id"] == complaint.json()["id"] for i in r.json()["items"]))
    item = next(i for i in inbox.json()["items"] if i["subject_id"] == complaint.json()["id"])
    return {"contract": contract, "complaint": complaint.json(), "notification": item}


def test_A06_escalation_lands_in_the_general_managers_inbox_and_is_marked_read(
        live: Live, escalated: dict[str, Any]) -> None:
    item = escalated["notification"]
    assert (item["kind"], item["rule"], item["read"]) == ("complaint_escalated", "A06", False)
    gm = live.as_user("general_manager")
    unread = gm.get("/api/v1/notifications", params={"unread": "true"}).json()
    assert item["id"] in [i["id"] for i in unread["items"]] and unread["unread"] >= 1
    read = gm.post(f"/api/v1/notifications/{item['id']}/read")
    assert read.status_code == 200 and read.json()["read"] is True
    assert item["id"] not in [i["id"] for i in gm.get("/api/v1/notifications", params={"unread": "true"})
                              .json()["items"]]


def test_notifications_are_nobody_elses(live: Live, escalated: dict[str, Any]) -> None:
    item = escalated["notification"]
    for user in ("aftercare-a", "studio_manager-b", "hq@other"):
        client = live.as_user(user)
        assert item["id"] not in [i["id"] for i in client.get("/api/v1/notifications").json()["items"]]
        refused = client.post(f"/api/v1/notifications/{item['id']}/read")
        assert refused.status_code == 404, (user, refused.text)


def test_notifications_refuse_malformed_input(live: Live, escalated: dict[str, Any]) -> None:
    gm = live.as_user("general_manager")
    for params in ({"limit": "abc"}, {"limit": "0"}, {"limit": "100000"}, {"unread": "perhaps"},
                   {"cursor": "x" * 500}):
        res = gm.get("/api/v1/notifications", params=params)
        assert res.status_code == 400, (params, res.text)
    assert gm.post("/api/v1/notifications/" + "x" * 300 + "/read").status_code in (400, 404)
    assert live.as_user("general_manager").get("/api/v1/notifications").status_code == 200
    assert live.base_url and gm.get("/api/v1/notifications", headers={"Authorization": "Bearer nope"}
                                    ).status_code == 401


def test_recipients_only_by_the_tenant_admin(live: Live) -> None:
    body = {"role": "general_manager", "address": "gm@example.com"}
    refused = live.as_user("general_manager").post("/api/v1/notification-recipients", json=body)
    assert refused.status_code == 403
    admin = live.as_user("tenant_admin")
    for bad in ({"role": "pope"}, {"address": "nope"}, {"store": 7}, {"address": "a@b.c" * 100}):
        res = admin.post("/api/v1/notification-recipients", json=body | bad)
        assert res.status_code == 400, (bad, res.text)
    added = admin.post("/api/v1/notification-recipients", json=body)
    assert added.status_code == 201, added.text
    assert added.json()["id"] in [r["id"] for r in admin.get("/api/v1/notification-recipients").json()["items"]]
    other = live.as_user("hq@other").get("/api/v1/notification-recipients")
    assert other.status_code == 403
