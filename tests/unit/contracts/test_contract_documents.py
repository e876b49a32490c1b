"""Issue 6 item 1: a document belongs to a store; item 6: the upload calls carry no file bytes."""

from __future__ import annotations

import pytest

from services.contracts.service import ContractsService
from shared.errors import InvalidInput, NotFound, UnsupportedMediaType
from shared.identity.context import Principal
from tests.unit.contracts.conftest import Studio, staff


@pytest.fixture
def stores(studio: Studio) -> Studio:
    for store in ("A", "B"):
        studio.call("register_store", staff("tenant_admin"), store=store)
    return studio


def person(username: str, role: str, stores: str = "AB") -> Principal:
    return Principal(tenant_id="demo", user_id=username, username=username, roles=frozenset({role}),
                     stores=frozenset(stores))


def hq() -> Principal:
    return person("hq", "hq")


def test_H6_a_document_takes_the_store_of_its_contract_its_lead_or_its_uploader(stores: Studio) -> None:
    contract = stores.contract(store="B")
    lead = stores.lead("lead-for-plan", store="B")
    designer_b = staff("designer", "B")
    assert stores.upload(designer_b, contract_id=contract["id"])["store"] == "B"
    assert stores.upload(designer_b, lead_id=lead)["store"] == "B"
    assert stores.upload(designer_b)["store"] == "B"
    assert stores.upload(hq(), store="A")["store"] == "A"


def test_H6_staff_of_another_store_do_not_see_the_document(stores: Studio) -> None:
    lead = stores.lead("lead-a", store="A")
    doc = stores.upload(staff("designer", "A"), lead_id=lead)
    for use_case in ("get_document", "document_content"):
        with pytest.raises(NotFound):
            stores.call(use_case, staff("designer", "B"), document_id=doc["id"])
        with pytest.raises(NotFound):
            stores.call(use_case, staff("designer", tenant="other"), document_id=doc["id"])
        assert stores.call(use_case, hq(), document_id=doc["id"])["id"] == doc["id"]


def test_H6_naming_a_record_or_store_the_caller_cannot_see_is_404(stores: Studio) -> None:
    contract = stores.contract(store="A")
    lead = stores.lead("lead-a2", store="A")
    designer_b = staff("designer", "B")
    cases = [({"contract_id": contract["id"]}, "contract_id"), ({"lead_id": lead}, "lead_id"),
             ({"store": "A"}, "store"), ({"lead_id": "no-such-lead"}, "lead_id")]
    for record, field in cases:
        with pytest.raises(NotFound) as err:
            stores.call("allot_document", designer_b, kind="drawings", filename="a.pdf",
                        content_type="application/pdf", **record)
        assert err.value.field == field


def test_H6_a_tenant_wide_uploader_must_name_the_store(stores: Studio) -> None:
    with pytest.raises(InvalidInput) as err:
        stores.upload(hq())
    assert err.value.field == "store"
    contract = stores.contract(store="A")
    with pytest.raises(InvalidInput) as err:
        stores.upload(hq(), contract_id=contract["id"], store="B")
    assert err.value.field == "store"


def test_H6_attaching_another_stores_document_is_404_for_document_id(stores: Studio) -> None:
    contract = stores.contract(store="A", attach=())
    doc_b = stores.upload(staff("designer", "B"))
    # Also for a designer working in both stores, who may read the document itself.
    both = person("designer-ab", "designer")
    for who in (staff("designer", "A"), both):
        with pytest.raises(NotFound) as err:
            stores.call("add_attachment", who, contract_id=contract["id"], kind="drawings",
                        document_id=doc_b["id"])
        assert err.value.field == "document_id"


def test_H6_a_pending_upload_is_invisible_and_can_be_abandoned(stores: Studio) -> None:
    designer = staff("designer", "A")
    allotted = stores.call("allot_document", designer, kind="drawings", filename="a.pdf",
                           content_type="application/pdf")
    with pytest.raises(NotFound):
        stores.call("get_document", designer, document_id=allotted["id"])
    with pytest.raises(NotFound):  # nobody else may complete it
        stores.call("record_document", person("someone-else", "designer", "A"), document_id=allotted["id"],
                    size=1, sha256="0" * 64)
    stores.call("abandon_document", designer, document_id=allotted["id"])
    with pytest.raises(NotFound):
        stores.call("record_document", designer, document_id=allotted["id"], size=1, sha256="0" * 64)


def test_H6_video_kind_takes_video_only_and_other_types_are_refused(stores: Studio) -> None:
    designer = staff("designer", "A")
    for kind, content_type in (("video", "application/pdf"), ("drawings", "text/html"),
                               ("drawings", "application/octet-stream")):
        with pytest.raises(UnsupportedMediaType) as err:
            stores.call("allot_document", designer, kind=kind, filename="x", content_type=content_type)
        assert err.value.field == "file"
    assert stores.call("allot_document", designer, kind="video", filename="v.mp4",
                       content_type="video/mp4")["store"] == "A"


def test_H6_the_upload_rpcs_carry_no_file_bytes() -> None:
    # An RPC takes its command's fields and answers its result's: neither may carry the file.
    for method in ("allot_document", "record_document", "abandon_document", "document_content"):
        op = ContractsService.operations[method]  # type: ignore[attr-defined]
        fields = set(op.command.model_fields) | set(op.result.model_fields)
        assert not {"content", "content_base64", "data", "file", "bytes"} & fields, (method, fields)
    assert not hasattr(ContractsService, "upload_document")
