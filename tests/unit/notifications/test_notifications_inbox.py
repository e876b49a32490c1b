"""The inbox (F03, A06 alerts): addressed to roles of a store, read per user, never across tenants."""

from __future__ import annotations

import pytest

from shared.errors import Forbidden, InvalidInput, NotFound

from .conftest import Desk, complaint_escalated, payment_overdue, staff, tenant_wide


def test_F03_overdue_money_reaches_engineering_and_the_general_manager(desk: Desk) -> None:
    message = payment_overdue()
    desk.deliver(message)
    desk.deliver(message)  # a redelivery notifies once (P03)
    gm = desk.call("list_notifications", tenant_wide())
    engineering = desk.call("list_notifications", staff("engineering_manager"))
    for inbox in (gm, engineering):
        [item] = inbox["items"]
        assert (item["kind"], item["rule"], item["read"], item["store"]) == ("payment_overdue", "F03", False, "A")
        assert "A25112201" in item["title"] and "20000.00" in item["body"]
        assert inbox["unread"] == 1
    assert desk.call("list_notifications", staff("designer"))["items"] == []  # not addressed to designers
    assert desk.call("list_notifications", staff("engineering_manager", "B"))["items"] == []  # another store
    assert desk.call("list_notifications", tenant_wide(tenant="other"))["items"] == []  # another tenant


def test_A06_a_major_complaint_goes_to_the_general_manager_at_once(desk: Desk) -> None:
    desk.deliver(complaint_escalated())
    [item] = desk.call("list_notifications", tenant_wide())["items"]
    assert (item["kind"], item["rule"]) == ("complaint_escalated", "A06")
    assert desk.call("list_notifications", staff("aftercare"))["items"] == []


def test_read_flags_are_per_user(desk: Desk) -> None:
    desk.deliver(payment_overdue())
    one, other = staff("engineering_manager", username="eng-1"), staff("engineering_manager", username="eng-2")
    [item] = desk.call("list_notifications", one)["items"]
    read = desk.call("mark_notification_read", one, notification_id=item["id"])
    again = desk.call("mark_notification_read", one, notification_id=item["id"])
    assert read["read"] and read["read_at"] == again["read_at"]
    assert desk.call("list_notifications", one)["unread"] == 0
    assert desk.call("list_notifications", one, unread=True)["items"] == []
    assert desk.call("list_notifications", other)["unread"] == 1


def test_marking_read_someone_elses_notification_is_not_found(desk: Desk) -> None:
    desk.deliver(payment_overdue())
    [item] = desk.call("list_notifications", tenant_wide())["items"]
    for intruder in (staff("designer"), staff("engineering_manager", "B"), tenant_wide(tenant="other")):
        with pytest.raises(NotFound):
            desk.call("mark_notification_read", intruder, notification_id=item["id"])
    with pytest.raises(NotFound):
        desk.call("mark_notification_read", tenant_wide(), notification_id="x" * 200)
    with pytest.raises(InvalidInput):
        desk.call("mark_notification_read", tenant_wide(), notification_id="x" * 201)


def test_inbox_pages_newest_first(desk: Desk) -> None:
    for n in range(3):
        desk.deliver(payment_overdue(contract_id=f"c-{n}", number=f"A2511220{n}"))
    first = desk.call("list_notifications", tenant_wide(), limit=2)
    second = desk.call("list_notifications", tenant_wide(), limit=2, cursor=first["next_cursor"])
    numbers = [i["title"][-9:] for i in first["items"] + second["items"]]
    assert numbers == ["A25112202", "A25112201", "A25112200"] and second["next_cursor"] is None
    with pytest.raises(InvalidInput):
        desk.call("list_notifications", tenant_wide(), limit=0)


def test_only_the_tenant_admin_manages_recipients(desk: Desk) -> None:
    with pytest.raises(Forbidden):
        desk.call("add_recipient", tenant_wide(), role="general_manager", address="gm@example.com")
    added = desk.call("add_recipient", tenant_wide("tenant_admin"), role="general_manager", address="gm@example.com")
    assert (added["channel"], added["store"]) == ("email", None)
    assert desk.call("list_recipients", tenant_wide("tenant_admin"))["items"] == [added]
    assert desk.call("list_recipients", tenant_wide("tenant_admin", tenant="other"))["items"] == []
    for bad in ({"role": "pope"}, {"address": "not-an-address"}, {"channel": "fax"}, {"store": "AB"}):
        with pytest.raises(InvalidInput):
            desk.call("add_recipient", tenant_wide("tenant_admin"),
                      **({"role": "general_manager", "address": "gm@example.com"} | bad))


def test_A04_the_1700_list_reaches_the_aftercare_manager_of_the_store(desk: Desk) -> None:
    from .conftest import event

    desk.deliver(event("repairs_not_returned", store="B", on="2026-12-07", repair_ids=["r-1", "r-2"],
                       alert_roles=["aftercare_manager"]))
    [item] = desk.call("list_notifications", staff("aftercare_manager", "B"))["items"]
    assert (item["kind"], item["rule"], item["store"]) == ("repairs_not_returned", "A04", "B")
    assert "2 单" in item["title"] and "r-1" in item["body"]
    assert desk.call("list_notifications", staff("aftercare_manager", "A"))["items"] == []
