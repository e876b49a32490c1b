"""The nameko class driven in-process: contract_signed in, complaints out (A02, A06, A07, P01, P03)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest.mock import patch

import pytest
from sqlalchemy import delete, event

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


def _two_tenants_with_a_valid_complaint(services: InProcessServices) -> None:
    for tenant in ("demo", "other"):
        services.publish("contracts", "contract_signed", contract_signed("c-9", tenant=tenant))
        ctx = CallContext(principal=staff("aftercare", tenant=tenant))
        recorded = services.call("aftercare", "record_complaint", ctx, contract_id="c-9", text="x")
        services.call("aftercare", "classify_complaint", ctx, complaint_id=recorded["id"],
                      validity="valid", severity="minor")


def test_A06_escalation_timer_sweeps_every_tenant_with_complaints(services: InProcessServices) -> None:
    _two_tenants_with_a_valid_complaint(services)
    # the timer entrypoint, on a worker built as for nameko's timer (no caller, no tenant)
    week_later = datetime.now(UTC) + timedelta(weeks=1, minutes=1)
    with patch("services.aftercare.service.utcnow", return_value=week_later):
        services.run_timer("aftercare", "escalate_overdue")
    for tenant in ("demo", "other"):
        ctx = CallContext(principal=staff("aftercare", tenant=tenant))
        (item,) = services.call("aftercare", "list_complaints", ctx)["items"]
        assert item["severity"] == "major" and item["escalation_reason"] == "unresolved_a_week"


def test_I8_the_sweep_finds_its_tenants_without_touching_the_outbox(services: InProcessServices) -> None:
    _two_tenants_with_a_valid_complaint(services)
    db = services.resources["aftercare"].db
    with db.engine.begin() as conn:  # published or not, outbox rows say nothing to the sweep any more
        conn.execute(delete(PLATFORM.outbox))
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        assert tenants_with_complaints(db) == ["demo", "other"]
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert statements and not any("outbox" in s for s in statements), statements


def test_I8_migration_enrols_the_tenants_that_already_have_complaints(tmp_path: Path) -> None:
    from alembic import command
    from sqlalchemy import create_engine, text

    from services.aftercare.bootstrap import MIGRATIONS as migrations
    from shared.persistence.migrations import alembic_config, upgrade

    url = f"sqlite:///{tmp_path / 'aftercare.db'}"
    command.upgrade(alembic_config(migrations, url), "aftc0003idem")
    engine = create_engine(url)
    try:
        columns = ("id, tenant_id, contract_id, store, text, customers_affected, status, received_by, "
                   "received_at, pass_on_by, answer_by")
        with engine.begin() as conn:
            for n, tenant in enumerate(("t1", "t1", "t2")):
                conn.execute(text(f"INSERT INTO complaints ({columns}) VALUES "
                                  f"('{n}', '{tenant}', 'c', 'A', 'x', 1, 'open', 'u', '2025-12-0{n + 1}', "
                                  "'2025-12-09', '2025-12-09')"))
        upgrade(migrations, url)
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT tenant_id FROM sweep_tenants ORDER BY tenant_id")).scalars().all()
        assert rows == ["t1", "t2"]
    finally:
        engine.dispose()
