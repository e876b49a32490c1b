"""What a caller may see of the records the use cases share: leads and stored documents."""

from __future__ import annotations

from collections.abc import Callable

from services.contracts.domain.document import Document
from services.contracts.domain.store import Lead
from services.contracts.ports import ContractsUnitOfWork
from shared.errors import NotFound
from shared.identity.context import Principal

UowFactory = Callable[[], ContractsUnitOfWork]


def lead_for(u: ContractsUnitOfWork, principal: Principal, lead_id: str) -> Lead:
    """A lead of the caller's stores; one not yet announced by sales, or another store's, is 404."""
    lead = u.leads.lead(lead_id)
    if lead is None:
        raise NotFound("lead not found", field="lead_id")
    principal.require_store(lead.store, what="lead")
    return lead


def _visible(principal: Principal, document: Document) -> bool:
    return document.is_stored and (
        principal.tenant_wide if document.store is None else principal.can_see_store(document.store))


def document_if_visible(u: ContractsUnitOfWork, principal: Principal, document_id: str) -> Document | None:
    """A stored document of a store the caller works in, else None."""
    document = u.documents.find(document_id)
    return document if document is not None and _visible(principal, document) else None


def visible_document(u: ContractsUnitOfWork, principal: Principal, document_id: str) -> Document:
    """A stored document of a store the caller works in; anything else is not found (404)."""
    document = u.documents.document(document_id)
    if not _visible(principal, document):
        raise NotFound("document not found")
    return document
