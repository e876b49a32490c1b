"""Fixtures for contracts use cases: a real SQLite database, a tenant's unit of work, principals."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest

from services.contracts import application as app
from services.contracts.adapters.orm import PLATFORM, Base
from services.contracts.adapters.unit_of_work import ContractsUnitOfWork
from services.contracts.commands import AddAttachment, AllotDocument, CreateContract, CreateQuote, RecordDocument
from services.contracts.domain.model import REQUIRED_ATTACHMENTS
from shared.context import Principal
from shared.db import ServiceDatabase
from shared.documents import FolderDocumentStore

SIGNATURE = {"name": "王芳", "role": "customer", "image": "data:image/png;base64,iVBORw0KGgo="}


def staff(role: str, store: str = "A", tenant: str = "demo") -> Principal:
    return Principal(tenant_id=tenant, user_id=f"{role}-{store}", username=f"{role}-{store.lower()}",
                     roles=frozenset({role}), stores=frozenset({store}))


class Studio:
    """A tenant's contracts database with helpers to walk a lead up to a signable contract."""

    def __init__(self, db: ServiceDatabase, documents: FolderDocumentStore) -> None:
        self.db = db
        self.documents = documents

    def uow(self, tenant: str = "demo") -> Callable[[], ContractsUnitOfWork]:
        return lambda: ContractsUnitOfWork(self.db, PLATFORM, tenant)

    def upload(self, principal: Principal, data: bytes = b"%PDF-1.4 test", *, kind: str = "contract_attachment",
               content_type: str = "application/pdf", **record: str) -> dict[str, Any]:
        """What the gateway does for an upload: allot, put the bytes under the key, record them."""
        uow = self.uow(principal.tenant_id)
        allotted = app.allot_document(uow, principal, AllotDocument(
            kind=kind, filename="a.pdf", content_type=content_type, **record))
        stored = self.documents.put(principal.tenant_id, allotted["storage_key"], data, content_type)
        return app.record_document(uow, principal, allotted["id"], RecordDocument(
            size=stored.size, sha256=hashlib.sha256(data).hexdigest()))

    def lead(self, lead_id: str = "lead-1", store: str = "A", tenant: str = "demo") -> str:
        app.record_lead(self.uow(tenant), handler="test", event={
            "event_id": f"evt-{lead_id}-{tenant}", "lead_id": lead_id, "store": store,
            "customer_name": "王芳", "address": "朝阳区望京街 8 号", "designer": "designer-a"})
        return lead_id

    def contract(self, *, store: str = "A", tenant: str = "demo", attach: tuple[str, ...] = tuple(REQUIRED_ATTACHMENTS),
                 market_party: bool = False) -> dict[str, Any]:
        designer = staff("designer", store, tenant)
        uow = self.uow(tenant)
        app.register_store(uow, staff("tenant_admin", tenant=tenant), store=store)
        app.seed_catalogue(uow, staff("tenant_admin", tenant=tenant))
        lead = self.lead(f"lead-{store}-{tenant}", store, tenant)
        quote = app.create_quote(uow, designer, CreateQuote(lead_id=lead, items=[
            {"catalogue_code": "PAINT-01", "quantity": "120"}, {"catalogue_code": "TILE-01", "quantity": "35.5"}]))
        app.issue_quote(uow, designer, quote["id"])
        contract = app.create_contract(uow, designer, CreateContract(lead_id=lead, quote_id=quote["id"],
                                                                     market_party=market_party))
        doc = self.upload(designer, contract_id=contract["id"])
        for kind in attach:
            app.add_attachment(uow, designer, contract["id"], AddAttachment(kind=kind, document_id=doc["id"]))
        return contract


@pytest.fixture
def studio(tmp_path: Any) -> Studio:
    db = ServiceDatabase("contracts", f"sqlite:///{tmp_path / 'contracts.db'}")
    Base.metadata.create_all(db.engine)
    yield Studio(db, FolderDocumentStore(tmp_path / "docs"))
    db.dispose()
