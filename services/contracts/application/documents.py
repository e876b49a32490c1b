"""Documents: the two calls around an upload the gateway streams, and reading a record.

No use case takes or returns file content (architecture.md, Documents and forms): the gateway
streams the bytes to the document store between :func:`allot_document` and :func:`record_document`.
"""

from __future__ import annotations

from services.contracts.application.scope import UowFactory, visible_document
from services.contracts.commands import AllotDocument, DocumentRef, RecordDocument
from services.contracts.domain.document import Document
from services.contracts.ports import ContractsUnitOfWork
from services.contracts.results import DocumentAbandoned, DocumentAllotted, DocumentContent, DocumentRead
from shared.clock import utcnow
from shared.documents.uploads import check_content_type
from shared.errors import InvalidInput, NotFound
from shared.identity.context import Principal
from shared.ids import new_id


def _document_store(u: ContractsUnitOfWork, principal: Principal,
                    cmd: AllotDocument) -> tuple[str, str | None, str | None]:
    """The store a new document belongs to, and the lead and contract it is for (404 when not the caller's)."""
    lead_id, contract_id, store = cmd.lead_id, cmd.contract_id, None
    if contract_id:
        contract = u.contracts.contract(contract_id, field="contract_id")
        if not principal.can_see_store(contract.store):
            raise NotFound("contract not found", field="contract_id")
        if lead_id and lead_id != contract.lead_id:
            raise InvalidInput("the contract belongs to another lead", field="lead_id")
        store, lead_id = contract.store, contract.lead_id
    elif lead_id:
        lead = u.leads.lead(lead_id)
        if lead is None or not principal.can_see_store(lead.store):
            raise NotFound("lead not found", field="lead_id")
        store = lead.store
    if store is not None:
        if cmd.store and cmd.store != store:
            raise InvalidInput(f"the record belongs to store {store}, not {cmd.store}", field="store")
        return store, lead_id, contract_id
    if cmd.store:
        if not principal.can_see_store(cmd.store) or u.stores.store(cmd.store) is None:
            raise NotFound("store not found", field="store")
        return cmd.store, None, None
    if len(principal.stores) == 1 and not principal.tenant_wide:
        return next(iter(principal.stores)), None, None
    raise InvalidInput("name the store (or the lead or contract) the document is for", field="store")


def allot_document(cmd: AllotDocument, *, uow: UowFactory, principal: Principal) -> DocumentAllotted:
    """Reserve an id and storage key for an upload the gateway is about to stream (no bytes here).

    The document stays ``pending``, invisible everywhere, until :func:`record_document`; an
    upload that fails half-way therefore leaves nothing anyone can see.
    """
    check_content_type(cmd.kind, cmd.content_type)
    with uow() as u:
        store, lead_id, contract_id = _document_store(u, principal, cmd)
        document = Document.allot(id=new_id(), store=store, lead_id=lead_id, contract_id=contract_id,
                                  kind=cmd.kind, filename=cmd.filename, content_type=cmd.content_type,
                                  uploaded_by=principal.username, created_at=utcnow())
        u.documents.add(document)
        u.commit()
        return DocumentAllotted(id=document.id, storage_key=document.storage_key, store=store)


def _pending_upload(u: ContractsUnitOfWork, principal: Principal, document_id: str) -> Document:
    document = u.documents.document(document_id, lock=True)
    document.check_pending_upload_of(principal.username)
    return document


def record_document(cmd: RecordDocument, *, uow: UowFactory, principal: Principal) -> DocumentRead:
    """The gateway stored the bytes of an allotted document: record size and SHA-256; it is visible from now."""
    with uow() as u:
        document = _pending_upload(u, principal, cmd.document_id)
        document.record(size=cmd.size, sha256=cmd.sha256)
        u.commit()
        return DocumentRead.of(document)


def abandon_document(cmd: DocumentRef, *, uow: UowFactory, principal: Principal) -> DocumentAbandoned:
    """An allotted upload that was refused or broke off: forget it (a stored document is never removed)."""
    with uow() as u:
        u.documents.remove(_pending_upload(u, principal, cmd.document_id))
        u.commit()
    return DocumentAbandoned(id=cmd.document_id, abandoned=True)


def get_document(cmd: DocumentRef, *, uow: UowFactory, principal: Principal) -> DocumentRead:
    """A document's record (kind, name, size, SHA-256, store) of the caller's stores."""
    with uow() as u:
        return DocumentRead.of(visible_document(u, principal, cmd.document_id))


def document_content(cmd: DocumentRef, *, uow: UowFactory, principal: Principal) -> DocumentContent:
    """Authorize a download: where the bytes are (storage key) and how to serve them; the bytes stay out of the call."""
    with uow() as u:
        return DocumentContent.of(visible_document(u, principal, cmd.document_id))
