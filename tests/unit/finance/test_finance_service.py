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
