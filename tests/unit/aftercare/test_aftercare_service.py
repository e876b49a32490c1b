"""The nameko class driven in-process: contract_signed in, complaints out (A02, A06, A07, P01, P03)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from unittest.mock import patch

import pytest

from services.aftercare.adapters.orm import PLATFORM
from services.aftercare.adapters.repository import tenants_with_complaints
from services.aftercare.service import AftercareService
from shared.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from shared.identity.context import CallContext
from shared.messaging.inprocess import InProcessServices
from tests.inprocess import hosted

from .conftest import contract_signed, staff


@pytest.fixture
def services(tmp_path: Path) -> Iterator[InProcessServices]:
    with hosted(AftercareService, tmp_path) as services:
        yield services


def test_A06_complaint_recorded_through_the_service_after_contract_signed(services: InProcessServices) -> None:
    event = contract_signed("c-9")
    services.publish("contracts", "contract_signed", event)
    services.publish("contracts", "contract_signed", event)  # redelivery changes nothing (P03)
    foreman = CallContext(principal=staff("foreman"))
    recorded = services.call("aftercare", "record_complaint", foreman,
                             contract_id="c-9", text="卫生间漏水", matter="漏水")
    assert recorded["status"] == "open" and recorded["store"] == "A" and recorded["customers_affected"] == 1

    aftercare = CallContext(principal=staff("aftercare"))
    with pytest.raises(RuleViolation) as err:
        services.call("aftercare", "classify_complaint", aftercare, complaint_id=recorded["id"],
                      validity="valid")
    assert (err.value.rule, err.value.field) == ("A06", "severity")
    with pytest.raises(InvalidInput):
        services.call("aftercare", "classify_complaint", aftercare, complaint_id=recorded["id"],
                      validity="valid", severity="minor", extra=1)
    services.call("aftercare", "pass_on_complaint", foreman, complaint_id=recorded["id"],
                  department="engineering")
    services.call("aftercare", "answer_complaint", aftercare, complaint_id=recorded["id"],
                  text="已安排维修")
    resolved = services.call("aftercare", "resolve_complaint", aftercare, complaint_id=recorded["id"])
    assert resolved["status"] == "resolved"

    archive = services.call("aftercare", "get_customer_archive", aftercare, contract_id="c-9")
    assert archive["customer_name"] == "王芳" and [c["id"] for c in archive["complaints"]] == [recorded["id"]]
    listed = services.call("aftercare", "list_complaints", aftercare, contract_id="c-9")
    assert [c["id"] for c in listed["items"]] == [recorded["id"]]


def test_A07_and_P01_errors_cross_the_service_boundary(services: InProcessServices) -> None:
    services.publish("contracts", "contract_signed", contract_signed("c-9"))
    with pytest.raises(Forbidden) as err:
        services.call("aftercare", "get_customer_archive", CallContext(principal=staff("foreman")),
                      contract_id="c-9")
    assert err.value.rule == "A07"
    with pytest.raises(NotFound) as missing:
        services.call("aftercare", "record_complaint", CallContext(principal=staff("aftercare", tenant="other")),
                      contract_id="c-9", text="x")
    assert missing.value.field == "contract_id"


def test_A06_escalation_timer_sweeps_every_tenant_with_complaints(services: InProcessServices) -> None:
    resources = services.resources["aftercare"]
    for tenant in ("demo", "other"):
        services.publish("contracts", "contract_signed", contract_signed("c-9", tenant=tenant))
        ctx = CallContext(principal=staff("aftercare", tenant=tenant))
        recorded = services.call("aftercare", "record_complaint", ctx, contract_id="c-9", text="x")
        services.call("aftercare", "classify_complaint", ctx, complaint_id=recorded["id"],
                      validity="valid", severity="minor")
    assert sorted(tenants_with_complaints(resources.db, PLATFORM)) == ["demo", "other"]

    # the timer entrypoint, with its dependencies built as nameko would (the relay reads the outbox)
    worker = AftercareService()
    worker.uow = AftercareService.uow.build(resources, {})  # type: ignore[assignment]
    worker.relay = SimpleNamespace(db=resources.db)  # type: ignore[assignment]
    week_later = datetime.now(UTC) + timedelta(weeks=1, minutes=1)
    with patch("services.aftercare.service.utcnow", return_value=week_later):
        worker.escalate_overdue()
    for tenant in ("demo", "other"):
        ctx = CallContext(principal=staff("aftercare", tenant=tenant))
        (item,) = services.call("aftercare", "list_complaints", ctx)["items"]
        assert item["severity"] == "major" and item["escalation_reason"] == "unresolved_a_week"
