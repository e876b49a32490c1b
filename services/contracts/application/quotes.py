"""Quotes: drafting an electronic quote from the catalogue and issuing it (C02)."""

from __future__ import annotations

from services.contracts.application.scope import UowFactory, document_if_visible, lead_for
from services.contracts.commands import ApproveSpecialItem, CreateQuote, ListQuotes, QuoteRef
from services.contracts.domain.quote import Quote
from services.contracts.domain.roles import APPROVERS, SELLERS
from services.contracts.domain.store import Lead
from services.contracts.ports import ContractsUnitOfWork
from services.contracts.results import QuotePage, QuoteRead
from shared.clock import utcnow
from shared.errors import RuleViolation
from shared.identity.context import Principal
from shared.ids import new_id
from shared.persistence.paging import clamp, page, store_scope


def _check_permit(u: ContractsUnitOfWork, principal: Principal, lead: Lead, document_id: str | None, *,
                  field: str) -> None:
    """C03: a permit is attached as a stored document of the lead's store; an id the caller cannot
    see (another store's, another tenant's, never uploaded) proves nothing."""
    if document_id is None:
        return
    document = document_if_visible(u, principal, document_id)
    if document is None or document.store != lead.store:
        raise RuleViolation("the permit document is not a stored document of this lead's store; upload it first",
                            rule="C03", field=field)


def create_quote(cmd: CreateQuote, *, uow: UowFactory, principal: Principal) -> QuoteRead:
    """A draft electronic quote (电子报价单) from catalogue items, special items flagged (C02)."""
    principal.require_role(SELLERS, action="prepare quotes")
    with uow() as u:
        lead = lead_for(u, principal, cmd.lead_id)
        quote = Quote.draft(id=new_id(), lead=lead, created_by=principal.username, created_at=utcnow())
        for i, item in enumerate(cmd.items):
            quote.add_item(item.catalogue_code, u.catalogue.item(item.catalogue_code), item.quantity,
                           field=f"items.{i}.catalogue_code", structure=item.structure,
                           permit_document_id=item.permit_document_id)
            _check_permit(u, principal, lead, item.permit_document_id, field=f"items.{i}.permit_document_id")
        for i, special in enumerate(cmd.special_items):
            quote.add_special(name=special.name, unit=special.unit, unit_price=special.unit_price,
                              quantity=special.quantity, field=f"special_items.{i}", structure=special.structure,
                              permit_document_id=special.permit_document_id)
            _check_permit(u, principal, lead, special.permit_document_id,
                          field=f"special_items.{i}.permit_document_id")
        u.quotes.add(quote)
        u.commit()
        return QuoteRead.of(quote)


def get_quote(cmd: QuoteRef, *, uow: UowFactory, principal: Principal) -> QuoteRead:
    """One quote of the caller's stores."""
    with uow() as u:
        quote = u.quotes.quote(cmd.quote_id)
        principal.require_store(quote.store, what="quote")
        return QuoteRead.of(quote)


def list_quotes(cmd: ListQuotes, *, uow: UowFactory, principal: Principal) -> QuotePage:
    """Quotes of the caller's stores, newest first; with ``special_items=pending`` the studio
    manager's approvals queue (C02)."""
    stores = store_scope(principal, cmd.store)
    limit = clamp(cmd.limit)
    with uow() as u:
        rows = u.quotes.quotes(stores=stores, status=cmd.status, pending_special=cmd.special_items == "pending",
                               limit=limit + 1, after=cmd.cursor)
        return QuotePage.model_validate(page(rows, limit, QuoteRead.of))  # type: ignore[arg-type]


def issue_quote(cmd: QuoteRef, *, uow: UowFactory, principal: Principal) -> QuoteRead:
    """Issue a quote to the customer; from now on it never changes (C02)."""
    principal.require_role(SELLERS, action="issue quotes")
    with uow() as u:
        quote = u.quotes.quote(cmd.quote_id, lock=True)
        principal.require_store(quote.store, what="quote")
        quote.issue(at=utcnow())
        u.publish_from(quote)
        u.commit()
        return QuoteRead.of(quote)


def approve_special_item(cmd: ApproveSpecialItem, *, uow: UowFactory, principal: Principal) -> QuoteRead:
    """C02: the studio manager approves a special item (agreed with the engineering manager)."""
    with uow() as u:
        quote = u.quotes.quote(cmd.quote_id, lock=True)
        # Not yours answers 404 before the role is looked at: a quote of another store or tenant
        # stays unknown even to a caller who could never approve it.
        principal.require_store(quote.store, what="quote")
        principal.require_role(APPROVERS, rule="C02", action="approve special items")
        quote.approve_special(cmd.line, by=principal.username)
        u.publish_from(quote)
        u.commit()
        return QuoteRead.of(quote)
