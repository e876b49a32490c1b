"""Quotes: drafting an electronic quote from the catalogue and issuing it (C02)."""

from __future__ import annotations

from services.contracts.application.scope import UowFactory, lead_for
from services.contracts.commands import ApproveSpecialItem, CreateQuote, ListQuotes, QuoteRef
from services.contracts.domain.quote import Quote
from services.contracts.domain.roles import APPROVERS, SELLERS
from services.contracts.results import QuotePage, QuoteRead
from shared.clock import utcnow
from shared.identity.context import Principal
from shared.ids import new_id
from shared.persistence.paging import clamp, page, store_scope


def create_quote(cmd: CreateQuote, *, uow: UowFactory, principal: Principal) -> QuoteRead:
    """A draft electronic quote (电子报价单) from catalogue items, special items flagged (C02)."""
    principal.require_role(SELLERS, action="prepare quotes")
    with uow() as u:
        lead = lead_for(u, principal, cmd.lead_id)
        quote = Quote.draft(id=new_id(), lead=lead, created_by=principal.username, created_at=utcnow())
        for i, item in enumerate(cmd.items):
            quote.add_item(item.catalogue_code, u.catalogue.item(item.catalogue_code), item.quantity,
                           field=f"items.{i}.catalogue_code")
        for special in cmd.special_items:
            quote.add_special(name=special.name, unit=special.unit, unit_price=special.unit_price,
                              quantity=special.quantity)
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
