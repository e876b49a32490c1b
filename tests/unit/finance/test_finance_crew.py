"""F08: a crew's material money is drawn only by a person whose photo finance keeps on file."""

from __future__ import annotations

from base64 import b64encode

import pytest

from shared.errors import Conflict, Forbidden, InvalidInput, NotFound

from .conftest import Books, staff

PHOTO = "data:image/jpeg;base64," + b64encode(b"\xff\xd8\xff\xe0 a portrait").decode()
FINANCE, CASHIER = staff("finance"), staff("cashier")


def register(books: Books, **fields: object) -> dict:
    body = {"store": "A", "crew": "李建国班组", "name": "李四", "phone": "13800000000"} | fields
    return books.call("register_crew_member", FINANCE, **body)  # type: ignore[no-any-return]


def draw(books: Books, member_id: str, key: str, principal=CASHIER, amount: str = "1500.00") -> dict:
    return books.call("draw_material_money", principal, idempotency_key=key,  # type: ignore[no-any-return]
                      crew_member_id=member_id, amount=amount, note="水泥 20 袋")


def test_F08_a_draw_is_refused_without_a_photo_on_file(books: Books) -> None:
    member = register(books)
    assert (member["has_photo"], member["photo_document_id"]) == (False, None)
    with pytest.raises(Conflict) as err:
        draw(books, member["id"], "k-1")
    assert err.value.rule == "F08" and err.value.field == "crew_member_id"
    assert books.call("get_crew_member", FINANCE, crew_member_id=member["id"])["draws"] == []
    filed = books.call("file_crew_photo", FINANCE, crew_member_id=member["id"], photo=PHOTO)
    assert filed["has_photo"] is True
    paid = draw(books, member["id"], "k-2")
    assert (paid["drawn_by"], paid["amount"], paid["photo_document_id"], paid["paid_by"]) == (
        "李四", "1500.00", filed["photo_document_id"], "cashier-a")
    photo = books.call("document_content", FINANCE, document_id=filed["photo_document_id"])
    assert photo["content_type"] == "image/jpeg"
    assert books.documents.get("demo", photo["storage_key"]).startswith(b"\xff\xd8")


def test_F08_F07_a_replayed_draw_pays_once_and_is_nobody_elses(books: Books) -> None:
    member = register(books, photo=PHOTO)
    first = draw(books, member["id"], "same-key")
    assert draw(books, member["id"], "same-key") == first
    assert len(books.call("get_crew_member", CASHIER, crew_member_id=member["id"])["draws"]) == 1
    with pytest.raises(Conflict):  # the same key and caller with another request
        draw(books, member["id"], "same-key", amount="2.00")
    # The same key from someone else is their own request: never the first caller's answer.
    theirs = draw(books, member["id"], "same-key", principal=FINANCE)
    assert theirs["id"] != first["id"] and theirs["paid_by"] == "finance-a"
    with pytest.raises(InvalidInput) as err:
        books.call("draw_material_money", CASHIER, idempotency_key=None, crew_member_id=member["id"],
                   amount="1.00")
    assert err.value.rule == "F07"


def test_F08_refusals_roles_stores_tenants_and_input(books: Books) -> None:
    member = register(books, photo=PHOTO)
    with pytest.raises(Forbidden) as err:
        books.call("register_crew_member", staff("foreman"), store="A", crew="x", name="y")
    assert err.value.rule == "F08"
    with pytest.raises(Forbidden):
        books.call("file_crew_photo", CASHIER, crew_member_id=member["id"], photo=PHOTO)
    with pytest.raises(Forbidden):
        draw(books, member["id"], "k-f", principal=staff("foreman"))
    with pytest.raises(NotFound):
        register(books, store="B")  # finance of store A registers for its own store
    for intruder in (staff("cashier", "B"), staff("cashier", tenant="other")):
        with pytest.raises(NotFound):
            draw(books, member["id"], f"k-{intruder.username}-{intruder.tenant_id}", principal=intruder)
        with pytest.raises(NotFound):
            books.call("get_crew_member", intruder, crew_member_id=member["id"])
    with pytest.raises(NotFound):
        books.call("file_crew_photo", staff("finance", "B"), crew_member_id=member["id"], photo=PHOTO)
    for photo in ("data:image/gif;base64,R0lGOD", "data:image/png;base64,!!!", "data:image/png;base64,",
                  "x" * 100, "data:image/png;base64," + "A" * (4 * 1024 * 1024)):
        with pytest.raises(InvalidInput):
            register(books, photo=photo)
    for bad in ({"store": "AB"}, {"name": ""}, {"crew": "x" * 101}, {"phone": "call me"}, {"extra": 1}):
        with pytest.raises(InvalidInput):
            register(books, **bad)
    for amount in ("-1.00", "0", "1.001", "1e9", "abc", "99999999999999999.00"):
        with pytest.raises(InvalidInput):
            draw(books, member["id"], f"k-{amount}", amount=amount)
    with pytest.raises(NotFound):
        draw(books, "no-such-member", "k-none")
