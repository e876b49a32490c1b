"""The nameko class driven in-process: contract_signed in, the payment plan out (F02, F01, F07)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from services.finance.service import FinanceService
from shared.errors import Forbidden, NotFound
from shared.identity.context import CallContext
from shared.messaging.inprocess import InProcessServices
from tests.inprocess import hosted

from .conftest import contract_signed, staff


@pytest.fixture
def services(tmp_path: Path) -> Iterator[InProcessServices]:
    with hosted(FinanceService, tmp_path) as services:
        yield services


def test_F02_contract_signed_through_the_service_opens_the_plan(services: InProcessServices) -> None:
    event = contract_signed("c-9", total="20000.00")
    services.publish("contracts", "contract_signed", event)
    services.publish("contracts", "contract_signed", event)  # redelivery changes nothing (P03)
    finance = CallContext(principal=staff("finance"))
    plan = services.call("finance", "get_payment_plan", finance, contract_id="c-9")
    assert plan["installments"][0]["amount"] == "12000.00" and plan["installments"][0]["status"] == "due"

    keyed = CallContext(principal=staff("finance"), idempotency_key="k-1")
    body = {"contract_id": "c-9", "kind": "first", "amount": "12000.00", "method": "card"}
    one = services.call("finance", "record_payment", keyed, **body)
    two = services.call("finance", "record_payment", keyed, **body)
    assert one == two and one["status"] == "received"
    assert services.call("finance", "get_payment_plan", finance, contract_id="c-9")["installments"][0][
        "status"] == "paid"
    listed = services.call("finance", "list_payments", finance, contract_id="c-9")
    assert len(listed["items"]) == 1


def test_F01_and_P01_errors_cross_the_service_boundary(services: InProcessServices) -> None:
    services.publish("contracts", "contract_signed", contract_signed("c-9"))
    designer = CallContext(principal=staff("designer"))
    with pytest.raises(Forbidden) as err:
        services.call("finance", "record_payment", designer,
                      contract_id="c-9", kind="first", amount="1.00", method="cash")
    assert err.value.rule == "F01"
    with pytest.raises(NotFound):
        services.call("finance", "get_payment_plan", CallContext(principal=staff("finance", tenant="other")),
                      contract_id="c-9")


def test_F02_F04_construction_events_through_the_service_set_the_installments(services: InProcessServices) -> None:
    from .conftest import completion_accepted, completion_settlement_signed, midterm_settlement_signed

    services.publish("contracts", "contract_signed", contract_signed("c-9", total="100000.00"))
    services.publish("construction", "midterm_settlement_signed", midterm_settlement_signed("c-9"))
    services.publish("construction", "completion_settlement_signed", completion_settlement_signed("c-9"))
    services.publish("construction", "completion_accepted", completion_accepted("c-9", accepted_on="2026-02-10"))
    plan = services.call("finance", "get_payment_plan", CallContext(principal=staff("finance")), contract_id="c-9")
    _, midterm, final = plan["installments"]
    assert (midterm["amount"], midterm["notice"]["kind"]) == ("30000.00", "midterm")
    assert (final["amount"], final["due_on"], final["notice"]["kind"]) == ("12000.00", "2026-02-13", "final")


def test_F03_embedded_scheduler_alerts_overdue_money_once(tmp_path: Path) -> None:
    """The overdue sweep is a platform timer: the embedded scheduler runs it, and two runs alert once."""
    from datetime import UTC, datetime
    from unittest.mock import patch

    from sqlalchemy import func, select

    from renoflow.embedded import build_platform
    from services.finance.service import OVERDUE_SWEEP_SECONDS
    from shared.documents.store import FolderDocumentStore
    from shared.settings import Settings

    from .conftest import Books

    platform = build_platform(Settings(data_dir=tmp_path, environment="test"))
    try:
        resources = platform.services.resources["finance"]
        books = Books(resources.db, FolderDocumentStore(tmp_path / "unused"))
        books.deliver(contract_signed("c-late", total="1000.00"))  # first due 2025-11-22
        later = datetime(2025, 11, 24, 2, tzinfo=UTC)
        with patch("services.finance.service.utcnow", return_value=later):
            assert platform.run_due_timers(now=0) == []
            ran = platform.run_due_timers(now=OVERDUE_SWEEP_SECONDS)
            ran += platform.run_due_timers(now=2 * OVERDUE_SWEEP_SECONDS)
        assert ran.count("finance.alert_overdue_payments") == 2
        outbox = resources.tables.outbox
        with resources.db.sessions() as s:
            count = s.execute(select(func.count()).select_from(outbox)
                              .where(outbox.c.event_type == "payment_overdue")).scalar_one()
        assert count == 1
    finally:
        platform.close()
