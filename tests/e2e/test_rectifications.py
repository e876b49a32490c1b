"""《质量限期整改单》 through the API (K08): a project's orders and the queue of the caller's stores,
with status, deadline and both inspections; inspection photos belong to their inspection."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_construction_journey import Site
from tests.platforms import Live

FAIL = {"trade": "joinery", "results": [{"check": "6.0.1-moisture", "observed": 14}]}
PASS = {"trade": "joinery", "results": [{"check": "6.0.1-moisture", "observed": 11}]}


def inspected(site: Site, body: dict[str, Any]) -> dict[str, Any]:
    res = site.users["qc"].post(f"/api/v1/projects/{site.id}/inspections", json=body)
    assert res.status_code == 201, res.text
    return res.json()  # type: ignore[no-any-return]


def test_K08_a_projects_rectification_orders_show_status_deadline_and_both_inspections(live: Live) -> None:
    site = Site(live)
    qc = site.users["qc"]
    opened = inspected(site, FAIL)
    [order] = opened["rectification_orders"]
    path = f"/api/v1/projects/{site.id}/rectification-orders"
    [listed] = qc.get(path).json()["items"]
    assert (listed["id"], listed["status"], listed["due_on"], listed["overdue"]) == (
        order["id"], "open", order["due_on"], False)
    assert (listed["inspection_id"], listed["closing_inspection_id"], listed["check"]) == (
        opened["id"], None, "6.0.1-moisture")
    queue = live.as_user("studio_manager-a").get("/api/v1/rectification-orders", params={"status": "open"})
    assert queue.status_code == 200, queue.text
    assert order["id"] in [o["id"] for o in queue.json()["items"]]
    assert next(o for o in queue.json()["items"] if o["id"] == order["id"])["contract_number"] == site.number
    passing = inspected(site, PASS)
    assert qc.post(f"/api/v1/rectification-orders/{order['id']}/close").status_code == 200
    [closed] = site.users["foreman"].get(path, params={"status": "closed"}).json()["items"]
    assert (closed["status"], closed["closing_inspection_id"]) == ("closed", passing["id"])
    assert qc.get(path, params={"status": "open"}).json()["items"] == []
    still_open = qc.get("/api/v1/rectification-orders", params={"status": "open", "store": "A"}).json()["items"]
    assert order["id"] not in [o["id"] for o in still_open]


@pytest.mark.parametrize("intruder", ["qc-b", "studio_manager-b", "designer-a@other", "hq@other"])
def test_K08_rectification_orders_of_another_store_or_tenant_are_not_found(live: Live, intruder: str) -> None:
    site = Site(live)
    [order] = inspected(site, FAIL)["rectification_orders"]
    client = live.as_user(intruder)
    res = client.get(f"/api/v1/projects/{site.id}/rectification-orders")
    assert res.status_code == 404, (intruder, res.text)
    for params in ({}, {"store": "A"}, {"status": "open"}):
        queue = client.get("/api/v1/rectification-orders", params=params)
        assert queue.status_code in (200, 403), queue.text  # a designer may not read the queue at all
        if queue.status_code == 200:
            assert order["id"] not in [o["id"] for o in queue.json()["items"]], (intruder, params)


def test_K08_rectification_lists_refuse_the_wrong_role_and_bad_queries(live: Live) -> None:
    site = Site(live)
    inspected(site, FAIL)
    path = f"/api/v1/projects/{site.id}/rectification-orders"
    for role in ("finance-a", "designer-a"):
        for url in (path, "/api/v1/rectification-orders"):
            res = live.as_user(role).get(url)
            assert res.status_code == 403 and res.json()["rule"] == "K08", (role, url, res.text)
    qc = site.users["qc"]
    for params, field in (({"status": "pending"}, "status"), ({"status": "x" * 5000}, "status")):
        res = qc.get(path, params=params)
        assert res.status_code in (400, 422) and res.json()["field"] == field, res.text
    for params, field in (({"status": "done"}, "status"), ({"store": "a1"}, "store"), ({"limit": "0"}, "limit"),
                          ({"limit": "many"}, "limit"), ({"cursor": "c" * 500}, "cursor")):
        res = qc.get("/api/v1/rectification-orders", params=params)
        assert res.status_code in (400, 422) and res.json()["field"] == field, (params, res.text)
    assert qc.get("/api/v1/projects/no-such-project/rectification-orders").status_code == 404


def test_K08_inspection_photos_are_linked_to_the_inspection(live: Live) -> None:
    site = Site(live)
    qc = site.users["qc"]
    photo = qc.post("/api/v1/documents", data={"kind": "photo", "contract_id": site.contract["id"]},
                    files={"file": ("吊顶.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, "image/png")})
    assert photo.status_code == 201, photo.text
    body = {**PASS, "photos": [photo.json()["id"]]}
    taken = inspected(site, body)
    assert taken["photos"] == [photo.json()["id"]]
    listed = qc.get(f"/api/v1/projects/{site.id}/inspections").json()["items"]
    assert [i["photos"] for i in listed if i["id"] == taken["id"]] == [[photo.json()["id"]]]
    assert qc.get(f"/api/v1/documents/{photo.json()['id']}/content").status_code == 200
    for bad in ({**PASS, "photos": "all"}, {**PASS, "photos": ["x" * 100]}, {**PASS, "photos": ["p"] * 31}):
        res = qc.post(f"/api/v1/projects/{site.id}/inspections", json=bad)
        assert res.status_code == 400 and res.json()["field"].startswith("photos"), res.text
    twice = qc.post(f"/api/v1/projects/{site.id}/inspections", json={**PASS, "photos": ["p1", "p1"]})
    assert (twice.status_code, twice.json()["field"]) == (400, "photos"), twice.text
