"""K18 through the API, in both modes: who reads the weekly construction callbacks and who records
them, and the endpoints' refusals (the timer's scheduling and recording are unit-tested)."""

from __future__ import annotations

from tests.platforms import Live

PATH = "/api/v1/construction-callbacks"


def test_K18_callbacks_readers_and_refusals(live: Live) -> None:
    for user in ("engineering_stats-a", "general_manager", "studio_manager-a"):
        res = live.as_user(user).get(PATH)
        assert res.status_code == 200 and "items" in res.json(), (user, res.text)
    refused = live.as_user("designer-a").get(PATH)
    assert refused.status_code == 403 and refused.json()["rule"] == "K18"
    assert live.as_user("engineering_stats-b").get(PATH, params={"store": "A"}).json()["items"] == []
    stats = live.as_user("engineering_stats-a")
    for params in ({"week": "2026-12-08"}, {"week": "x"}, {"status": "lost"}, {"store": "AB"}, {"limit": "-1"},
                   {"project_id": "x" * 100}):
        res = stats.get(PATH, params=params)
        assert res.status_code == 400, (params, res.text)
    assert stats.post(f"{PATH}/no-such-callback/done", json={"outcome": "ok"}).status_code == 404
    assert live.as_user("hq@other").post(f"{PATH}/no-such-callback/done", json={"outcome": "ok"}).status_code in (
        403, 404)
    foreman = live.as_user("foreman-a").post(f"{PATH}/no-such-callback/done", json={"outcome": "ok"})
    assert foreman.status_code == 403 and foreman.json()["rule"] == "K18"
    for body in ({}, {"outcome": ""}, {"outcome": "ok", "complaint": "maybe"}, {"outcome": "x" * 2000}, []):
        res = stats.post(f"{PATH}/no-such-callback/done", json=body)
        assert res.status_code == 400, (body, res.text)
