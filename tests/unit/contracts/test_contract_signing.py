"""Rules C01, C02, C05, C06 and C07 around quotes and signing, plus tenant and store isolation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from services.contracts.adapters.orm import PLATFORM
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation

from .conftest import SIGNATURE, Studio, staff


def sign(studio: Studio, contract_id: str, *, ack: bool = True, key: str | None = None, tenant: str = "demo"):
    return studio.call("sign_contract", staff("designer", tenant=tenant), idempotency_key=key,
                       contract_id=contract_id, customer_signature=SIGNATURE, cost_notice_acknowledged=ack)


def test_C01_signing_with_an_attachment_missing_is_refused(studio: Studio) -> None:
    contract = studio.contract(attach=("contract_notes", "agreed_terms", "drawings"))
    with pytest.raises(RuleViolation) as err:
        sign(studio, contract["id"])
    assert err.value.rule == "C01"
    assert "甲供材表" in err.value.detail and "customer_service_form" in err.value.detail
    assert studio.call("get_contract", staff("designer"), contract_id=contract["id"])["status"] == "draft"


def test_C01_unknown_attachment_kind_is_refused(studio: Studio) -> None:
    contract = studio.contract(attach=())
    with pytest.raises(InvalidInput) as err:
        studio.call("add_attachment", staff("designer"), contract_id=contract["id"], kind="selfie", document_id="x")
    assert err.value.field == "kind"


def test_C05_signing_without_the_cost_notice_is_refused(studio: Studio) -> None:
    contract = studio.contract()
    with pytest.raises(RuleViolation) as err:
        sign(studio, contract["id"], ack=False)
    assert (err.value.rule, err.value.field) == ("C05", "cost_notice_acknowledged")


def test_C05_C07_signing_records_the_notice_and_announces_the_contract(studio: Studio) -> None:
    signed = sign(studio, studio.contract()["id"])
    assert signed["status"] == "signed" and signed["cost_notice_acknowledged"] is True
    with studio.db.sessions() as s:
        events = s.execute(select(PLATFORM.outbox.c.event_type, PLATFORM.outbox.c.payload)).all()
    contract_events = [p for t, p in events if t == "contract_signed"]
    assert len(contract_events) == 1
    payload = contract_events[0]
    assert payload["number"] == signed["number"] and payload["total"] == signed["total"]
    assert payload["tenant_id"] == "demo" and payload["version"] == 1 and payload["event_id"]


def test_C02_issued_quote_never_changes(studio: Studio) -> None:
    designer = staff("designer")
    studio.call("seed_catalogue", staff("tenant_admin"))
    lead = studio.lead()
    quote = studio.call("create_quote", designer, lead_id=lead, items=[
        {"catalogue_code": "PAINT-01", "quantity": "10"}])
    studio.call("issue_quote", designer, quote_id=quote["id"])
    with pytest.raises(Conflict) as err:
        studio.call("issue_quote", designer, quote_id=quote["id"])
    assert err.value.rule == "C02"


def test_C02_item_outside_the_catalogue_must_be_a_special_item(studio: Studio) -> None:
    studio.call("seed_catalogue", staff("tenant_admin"))
    lead = studio.lead()
    with pytest.raises(RuleViolation) as err:
        studio.call("create_quote", staff("designer"), lead_id=lead, items=[
            {"catalogue_code": "GOLD-TAPS", "quantity": "1"}])
    assert (err.value.rule, err.value.field) == ("C02", "items.0.catalogue_code")
    quote = studio.call("create_quote", staff("designer"),
                        lead_id=lead, items=[{"catalogue_code": "PAINT-01", "quantity": "10"}],
                        special_items=[{"name": "定制金色龙头", "unit": "个", "unit_price": "880.00", "quantity": "2"}])
    special = quote["items"][-1]
    assert special["special"] is True and special["approval"] == "pending"
    assert quote["total"] == "2080.00"  # 10 × 32.00 + 2 × 880.00


def test_C06_a_market_party_adds_a_third_copy(studio: Studio) -> None:
    assert studio.contract()["copies"] == 2
    assert studio.contract(market_party=True)["copies"] == 3


def test_signing_twice_is_a_conflict_but_an_idempotent_replay_is_not(studio: Studio) -> None:
    contract = studio.contract()
    first = sign(studio, contract["id"], key="k-1")
    assert sign(studio, contract["id"], key="k-1") == first
    with pytest.raises(Conflict):
        sign(studio, contract["id"], key="k-2")


def test_only_designers_and_studio_managers_sign(studio: Studio) -> None:
    contract = studio.contract()
    with pytest.raises(Forbidden):
        studio.call("sign_contract", staff("foreman"), contract_id=contract["id"], customer_signature=SIGNATURE,
                    cost_notice_acknowledged=True)


def test_P01_another_tenant_or_store_cannot_read_the_contract(studio: Studio) -> None:
    contract = studio.contract()
    with pytest.raises(NotFound):
        studio.call("get_contract", staff("designer", tenant="other"), contract_id=contract["id"])
    with pytest.raises(NotFound):
        studio.call("get_contract", staff("designer", "B"), contract_id=contract["id"])
    hq = staff("hq")
    assert studio.call("get_contract", hq.__class__(**{**hq.__dict__, "stores": frozenset()}),
                       contract_id=contract["id"])["id"] == contract["id"]


def test_P01_document_content_only_for_its_tenant(studio: Studio) -> None:
    studio.call("register_store", staff("tenant_admin"), store="A")
    doc = studio.upload(staff("designer"), b"%PDF-1.4 plan", kind="drawings")
    got = studio.call("document_content", staff("designer"), document_id=doc["id"])
    assert studio.documents.get("demo", got["storage_key"]) == b"%PDF-1.4 plan" and got["sha256"] == doc["sha256"]
    with pytest.raises(NotFound):
        studio.call("document_content", staff("designer", tenant="other"), document_id=doc["id"])


def test_F07_a_key_reused_for_a_different_request_is_refused(studio: Studio) -> None:
    contract = studio.contract()
    sign(studio, contract["id"], key="k-9")
    with pytest.raises(Conflict) as err:
        studio.call("sign_contract", staff("designer"), idempotency_key="k-9", contract_id=contract["id"],
                    customer_signature={**SIGNATURE, "name": "别人"}, cost_notice_acknowledged=True)
    assert err.value.field == "Idempotency-Key"
