"""F08 through the API, in both modes: a crew member's material money is drawn only once finance
keeps their photo on file; the register and the draws are nobody else's."""

from __future__ import annotations

from base64 import b64encode
from typing import Any

from shared.ids import new_id
from tests.platforms import Live

PHOTO = "data:image/png;base64," + b64encode(b"\x89PNG\r\n\x1a\n a portrait").decode()


def draw(live: Live, user: str, member: str, key: str, amount: str = "800.00") -> Any:
    return live.as_user(user).post("/api/v1/material-draws", headers={"Idempotency-Key": key},
                                   json={"crew_member_id": member, "amount": amount, "note": "瓷砖胶"})


def test_F08_material_money_only_with_a_photo_on_file(live: Live) -> None:
    finance = live.as_user("finance-a")
    created = finance.post("/api/v1/crew-members", json={"store": "A", "crew": "李建国班组", "name": "王五"})
    assert created.status_code == 201, created.text
    member = created.json()
    assert member["has_photo"] is False
    refused = draw(live, "cashier-a", member["id"], new_id())
    assert refused.status_code == 409 and refused.json()["rule"] == "F08"
    filed = finance.put(f"/api/v1/crew-members/{member['id']}/photo", json={"photo": PHOTO})
    assert filed.status_code == 200 and filed.json()["has_photo"] is True
    photo = finance.get(f"/api/v1/documents/{filed.json()['photo_document_id']}/content", follow_redirects=True)
    assert photo.status_code == 200 and photo.content.startswith(b"\x89PNG")
    key = new_id()
    paid = draw(live, "cashier-a", member["id"], key)
    assert paid.status_code == 201, paid.text
    assert (paid.json()["drawn_by"], paid.json()["amount"]) == ("王五", "800.00")
    assert draw(live, "cashier-a", member["id"], key).json()["id"] == paid.json()["id"]  # F07: once
    theirs = draw(live, "finance-a", member["id"], key)  # the same key from someone else: their own
    assert theirs.status_code == 201 and theirs.json()["id"] != paid.json()["id"]
    read = finance.get(f"/api/v1/crew-members/{member['id']}").json()
    assert [d["id"] for d in read["draws"]] == [paid.json()["id"], theirs.json()["id"]]

    # Nobody else's: another store, another tenant; roles without the right.
    for intruder in ("finance-b", "hq@other"):
        client = live.as_user(intruder)
        assert client.get(f"/api/v1/crew-members/{member['id']}").status_code in (403, 404)
        assert client.get(f"/api/v1/documents/{filed.json()['photo_document_id']}/content").status_code == 404
    assert draw(live, "finance-b", member["id"], new_id()).status_code == 404
    assert live.as_user("finance-b").put(f"/api/v1/crew-members/{member['id']}/photo",
                                         json={"photo": PHOTO}).status_code == 404
    foreman = draw(live, "foreman-a", member["id"], new_id())
    assert foreman.status_code == 403 and foreman.json()["rule"] == "F08"
    assert live.as_user("cashier-a").post("/api/v1/crew-members", json={"store": "A", "crew": "x", "name": "y"}
                                          ).status_code == 403
    assert finance.post("/api/v1/crew-members", json={"store": "B", "crew": "x", "name": "y"}).status_code == 404


def test_F08_malformed_and_absurd_input(live: Live) -> None:
    finance = live.as_user("finance-a")
    member = finance.post("/api/v1/crew-members", json={"store": "A", "crew": "班组", "name": "赵六",
                                                        "photo": PHOTO}).json()
    for body in ({"store": "A", "crew": "x"}, {"store": "A", "crew": "x", "name": "y", "photo": "not a photo"},
                 {"store": "AB", "crew": "x", "name": "y"}, {"store": "A", "crew": "x" * 5000, "name": "y"},
                 {"store": "A", "crew": "x", "name": "y", "photo": "data:image/gif;base64,R0lGOD"}, []):
        res = finance.post("/api/v1/crew-members", json=body)
        assert res.status_code == 400, (body, res.text)
    for amount in ("-5.00", "0", "1e9", "12.345", "999999999999999999.00", None):
        res = draw(live, "finance-a", member["id"], new_id(), amount=amount)  # type: ignore[arg-type]
        assert res.status_code == 400, (amount, res.text)
    missing_key = finance.post("/api/v1/material-draws", json={"crew_member_id": member["id"], "amount": "1.00"})
    assert missing_key.status_code == 400 and missing_key.json()["rule"] == "F07"
    assert draw(live, "finance-a", "no-such-member", new_id()).status_code == 404
    assert finance.put(f"/api/v1/crew-members/{member['id']}/photo", json={"photo": 5}).status_code == 400
