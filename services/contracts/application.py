"""Use cases of the contracts service: one function each, over a unit of work, returning plain data."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.contracts import views
from services.contracts.adapters.orm import (
    AttachmentRow,
    CatalogueItemRow,
    ContractRow,
    DocumentRow,
    LeadRow,
    QuoteLineRow,
    QuoteRow,
    StoreRow,
)
from services.contracts.adapters.unit_of_work import ContractsUnitOfWork
from services.contracts.commands import (
    AddAttachment,
    AllotDocument,
    CreateContract,
    CreateQuote,
    RecordDocument,
    SignContract,
)
from services.contracts.domain import model
from services.contracts.domain.catalogue import DEFAULT_CATALOGUE
from services.contracts.domain.events import ContractSigned, QuoteIssued
from services.contracts.domain.numbering import ContractNumber
from shared.clock import DEFAULT_TIMEZONE, local_today, utcnow
from shared.context import Principal
from shared.errors import Conflict, InvalidInput, NotFound, RuleViolation
from shared.ids import new_id
from shared.money import money_str
from shared.paging import clamp, page, store_scope
from shared.signatures import Signature
from shared.uow import run_idempotent
from shared.uploads import check_content_type

UowFactory = Callable[[], ContractsUnitOfWork]

SELLERS = ("designer", "studio_manager")
CONTRACT_CLERKS = ("designer", "studio_manager", "studio_assistant")


def register_store(uow: UowFactory, principal: Principal, *, store: str,
                   timezone: str = DEFAULT_TIMEZONE) -> dict[str, Any]:
    """Onboarding: record a store and the time zone its contract days are counted in (C04)."""
    principal.require_role(("tenant_admin",), action="register stores")
    if not (len(store) == 1 and store.isupper()):
        raise InvalidInput("a store code is one capital letter", field="store")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"unknown time zone {timezone!r}", field="timezone") from None
    with uow() as u:
        row = u.session.get(StoreRow, (u.tenant_id, store)) or StoreRow(tenant_id=u.tenant_id, code=store)
        row.timezone = timezone
        u.session.add(row)
        u.commit()
    return {"store": store, "timezone": timezone}


def seed_catalogue(uow: UowFactory, principal: Principal) -> dict[str, Any]:
    """Onboarding: give a tenant the starting price catalogue once."""
    principal.require_role(("tenant_admin",), action="set up the catalogue")
    with uow() as u:
        if u.repo.catalogue():
            return {"seeded": 0}
        for item in DEFAULT_CATALOGUE:
            u.repo.add(CatalogueItemRow(code=item.code, name=item.name, unit=item.unit,
                                        unit_price=item.unit_price, trade=item.trade))
        u.commit()
    return {"seeded": len(DEFAULT_CATALOGUE)}


def list_catalogue(uow: UowFactory) -> list[dict[str, Any]]:
    """The tenant's price items (价目表)."""
    with uow() as u:
        return [views.catalogue_item(r) for r in u.repo.catalogue()]


def record_lead(uow: UowFactory, *, handler: str, event: dict[str, Any]) -> None:
    """Keep what contracts needs of a new lead (event ``lead_registered``), once per event."""
    with uow() as u:
        if not u.claim_event(handler, event["event_id"]):
            return
        row = u.repo.lead(event["lead_id"]) or LeadRow(tenant_id=u.tenant_id, lead_id=event["lead_id"])
        row.store = event["store"]
        row.customer_name = event["customer_name"]
        row.address = event.get("address") or ""
        row.designer = event.get("designer") or ""
        u.session.add(row)
        u.commit()


def _document_store(u: ContractsUnitOfWork, principal: Principal,
                    cmd: AllotDocument) -> tuple[str, str | None, str | None]:
    """The store a new document belongs to, and the lead and contract it is for (404 when not the caller's)."""
    lead_id, contract_id, store = cmd.lead_id, cmd.contract_id, None
    if contract_id:
        contract = u.repo.get(ContractRow, contract_id, what="contract", field="contract_id")
        if not principal.can_see_store(contract.store):
            raise NotFound("contract not found", field="contract_id")
        if lead_id and lead_id != contract.lead_id:
            raise InvalidInput("the contract belongs to another lead", field="lead_id")
        store, lead_id = contract.store, contract.lead_id
    elif lead_id:
        lead = u.repo.lead(lead_id)
        if lead is None or not principal.can_see_store(lead.store):
            raise NotFound("lead not found", field="lead_id")
        store = lead.store
    if store is not None:
        if cmd.store and cmd.store != store:
            raise InvalidInput(f"the record belongs to store {store}, not {cmd.store}", field="store")
        return store, lead_id, contract_id
    if cmd.store:
        if not principal.can_see_store(cmd.store) or u.session.get(StoreRow, (u.tenant_id, cmd.store)) is None:
            raise NotFound("store not found", field="store")
        return cmd.store, None, None
    if len(principal.stores) == 1 and not principal.tenant_wide:
        return next(iter(principal.stores)), None, None
    raise InvalidInput("name the store (or the lead or contract) the document is for", field="store")


def allot_document(uow: UowFactory, principal: Principal, cmd: AllotDocument) -> dict[str, Any]:
    """Reserve an id and storage key for an upload the gateway is about to stream (no bytes here).

    The document stays ``pending``, invisible everywhere, until :func:`record_document`; an
    upload that fails half-way therefore leaves nothing anyone can see.
    """
    check_content_type(cmd.kind, cmd.content_type)
    with uow() as u:
        store, lead_id, contract_id = _document_store(u, principal, cmd)
        doc_id = new_id()
        row = DocumentRow(id=doc_id, store=store, status="pending", lead_id=lead_id, contract_id=contract_id,
                          kind=cmd.kind, filename=cmd.filename, content_type=cmd.content_type, sha256="",
                          size=0, storage_key=f"documents/{doc_id}", uploaded_by=principal.username,
                          created_at=utcnow())
        u.repo.add(row)
        u.commit()
        return {"id": doc_id, "storage_key": row.storage_key, "store": store}


def _pending_upload(u: ContractsUnitOfWork, principal: Principal, document_id: str) -> DocumentRow:
    row = u.repo.get(DocumentRow, document_id, what="document", lock=True)
    # Only the uploader completes or abandons an allotment; to anyone else it does not exist.
    if row.status != "pending" or row.uploaded_by != principal.username:
        raise NotFound("document not found")
    return row


def record_document(uow: UowFactory, principal: Principal, document_id: str, cmd: RecordDocument) -> dict[str, Any]:
    """The gateway stored the bytes of an allotted document: record size and SHA-256; it is visible from now."""
    with uow() as u:
        row = _pending_upload(u, principal, document_id)
        row.size, row.sha256, row.status = cmd.size, cmd.sha256, "stored"
        u.commit()
        return views.document(row)


def abandon_document(uow: UowFactory, principal: Principal, document_id: str) -> dict[str, Any]:
    """An allotted upload that was refused or broke off: forget it (a stored document is never removed)."""
    with uow() as u:
        u.session.delete(_pending_upload(u, principal, document_id))
        u.commit()
    return {"id": document_id, "abandoned": True}


def _visible_document(u: ContractsUnitOfWork, principal: Principal, document_id: str,
                      field: str | None = None) -> DocumentRow:
    """A stored document of a store the caller works in; anything else is not found (404)."""
    row = u.repo.get(DocumentRow, document_id, what="document", field=field)
    visible = principal.tenant_wide if row.store is None else principal.can_see_store(row.store)
    if row.status != "stored" or not visible:
        raise NotFound("document not found", field=field)
    return row


def get_document(uow: UowFactory, principal: Principal, document_id: str) -> dict[str, Any]:
    """A document's record (kind, name, size, SHA-256, store) of the caller's stores."""
    with uow() as u:
        return views.document(_visible_document(u, principal, document_id))


def document_content(uow: UowFactory, principal: Principal, document_id: str) -> dict[str, Any]:
    """Authorize a download: where the bytes are (storage key) and how to serve them; the bytes stay out of the call."""
    with uow() as u:
        row = _visible_document(u, principal, document_id)
        return {**views.document(row), "storage_key": row.storage_key}


def _lead_for(u: ContractsUnitOfWork, principal: Principal, lead_id: str) -> LeadRow:
    lead = u.repo.lead(lead_id)
    if lead is None:
        raise NotFound("lead not found", field="lead_id")
    principal.require_store(lead.store, what="lead")
    return lead


def create_quote(uow: UowFactory, principal: Principal, cmd: CreateQuote) -> dict[str, Any]:
    """A draft electronic quote (电子报价单) from catalogue items, special items flagged (C02)."""
    principal.require_role(SELLERS, action="prepare quotes")
    with uow() as u:
        lead = _lead_for(u, principal, cmd.lead_id)
        quote = QuoteRow(id=new_id(), lead_id=lead.lead_id, store=lead.store, status="draft",
                         total=Decimal("0"), created_by=principal.username, created_at=utcnow())
        lines: list[QuoteLineRow] = []
        for i, item in enumerate(cmd.items):
            price = u.repo.catalogue_item(item.catalogue_code)
            if price is None:
                raise RuleViolation(f"{item.catalogue_code} is not in the price catalogue; add it as a "
                                    "special item", rule="C02", field=f"items.{i}.catalogue_code")
            lines.append(QuoteLineRow(catalogue_code=price.code, name=price.name, unit=price.unit,
                                      unit_price=price.unit_price, quantity=item.quantity,
                                      amount=model.line_amount(price.unit_price, item.quantity)))
        for special in cmd.special_items:
            lines.append(QuoteLineRow(catalogue_code=None, name=special.name, unit=special.unit,
                                      unit_price=special.unit_price, quantity=special.quantity,
                                      amount=model.line_amount(special.unit_price, special.quantity),
                                      special=True, approval="pending"))
        for n, line in enumerate(lines, start=1):
            line.line, line.tenant_id = n, u.tenant_id
        quote.lines = lines
        quote.total = sum((ln.amount for ln in lines), Decimal("0"))
        u.repo.add(quote)
        u.commit()
        return views.quote(quote)


def get_quote(uow: UowFactory, principal: Principal, quote_id: str) -> dict[str, Any]:
    """One quote of the caller's stores."""
    with uow() as u:
        quote = u.repo.get(QuoteRow, quote_id, what="quote")
        principal.require_store(quote.store, what="quote")
        return views.quote(quote)


def issue_quote(uow: UowFactory, principal: Principal, quote_id: str) -> dict[str, Any]:
    """Issue a quote to the customer; from now on it never changes (C02)."""
    principal.require_role(SELLERS, action="issue quotes")
    with uow() as u:
        quote = u.repo.get(QuoteRow, quote_id, what="quote", lock=True)
        principal.require_store(quote.store, what="quote")
        model.check_quote_editable(quote.status)
        quote.status, quote.issued_at = "issued", utcnow()
        u.publish(QuoteIssued(quote_id=quote.id, lead_id=quote.lead_id, store=quote.store,
                              total=money_str(quote.total)))
        u.commit()
        return views.quote(quote)


def create_contract(uow: UowFactory, principal: Principal, cmd: CreateContract) -> dict[str, Any]:
    """A draft contract (《家庭居室装饰装修工程施工合同》) on an issued quote of the lead."""
    principal.require_role(SELLERS, action="draw up contracts")
    with uow() as u:
        lead = _lead_for(u, principal, cmd.lead_id)
        quote = u.repo.get(QuoteRow, cmd.quote_id, what="quote")
        if quote.lead_id != lead.lead_id:
            raise InvalidInput("the quote belongs to another lead", field="quote_id")
        row = ContractRow(id=new_id(), lead_id=lead.lead_id, quote_id=quote.id, store=lead.store,
                          status="draft", market_party=cmd.market_party, total=quote.total,
                          created_by=principal.username, created_at=utcnow())
        row.attachments = []
        u.repo.add(row)
        u.commit()
        return views.contract(row)


def add_attachment(uow: UowFactory, principal: Principal, contract_id: str, cmd: AddAttachment) -> dict[str, Any]:
    """Attach one of the C01 documents to a draft contract."""
    principal.require_role(CONTRACT_CLERKS, action="attach contract documents")
    model.check_attachment_kind(cmd.kind)
    with uow() as u:
        contract = u.repo.get(ContractRow, contract_id, what="contract")
        principal.require_store(contract.store, what="contract")
        if contract.status != "draft":
            raise Conflict("a signed contract's attachments cannot change", field="status")
        document = _visible_document(u, principal, cmd.document_id, field="document_id")
        # Another store's document would be shown to this store's staff through the contract.
        if document.store != contract.store:
            raise NotFound("document not found", field="document_id")
        att = AttachmentRow(id=new_id(), contract_id=contract.id, kind=cmd.kind,
                            document_id=cmd.document_id, added_at=utcnow())
        u.repo.add(att)
        u.commit()
        return {"id": att.id, "contract_id": contract.id, "kind": att.kind, "document_id": att.document_id}


def sign_contract(uow: UowFactory, principal: Principal, contract_id: str, cmd: SignContract,
                  idempotency_key: str | None = None) -> dict[str, Any]:
    """Sign: check C01 and C05, take the store's next number of its day (C04), announce it (C07)."""
    principal.require_role(SELLERS, action="sign contracts")
    signature = Signature.parse(cmd.customer_signature, field="customer_signature")

    def sign(u: ContractsUnitOfWork) -> dict[str, Any]:
        contract = u.repo.get(ContractRow, contract_id, what="contract", lock=True)
        principal.require_store(contract.store, what="contract")
        quote = u.repo.get(QuoteRow, contract.quote_id, what="quote")
        model.check_can_sign(status=contract.status, attachment_kinds=[a.kind for a in contract.attachments],
                             quote_status=quote.status, cost_notice_acknowledged=cmd.cost_notice_acknowledged)
        now = utcnow()
        day = local_today(u.repo.store_timezone(contract.store), now=now)
        number = ContractNumber(contract.store, day, u.repo.next_number(contract.store, day))
        contract.status, contract.number = "signed", str(number)
        contract.signed_at, contract.signed_on, contract.signed_by = now, day, principal.username
        contract.customer_signature = {"name": signature.name, "role": signature.role, "image": signature.image}
        contract.cost_notice_acknowledged = True
        lead = u.repo.lead(contract.lead_id)
        u.publish(ContractSigned(
            contract_id=contract.id, number=str(number), lead_id=contract.lead_id, quote_id=contract.quote_id,
            store=contract.store, customer_name=lead.customer_name if lead else "",
            address=lead.address if lead else "", designer=lead.designer if lead else principal.username,
            total=money_str(contract.total), signed_at=now.isoformat(), signed_on=day.isoformat(),
            market_party=contract.market_party,
        ))
        return views.contract(contract)

    def authorize(u: ContractsUnitOfWork) -> None:
        principal.require_store(u.repo.get(ContractRow, contract_id, what="contract").store, what="contract")

    return run_idempotent(uow, f"sign_contract:{contract_id}", idempotency_key, sign, caller=principal,
                          authorize=authorize, request=cmd)


def get_contract(uow: UowFactory, principal: Principal, contract_id: str) -> dict[str, Any]:
    """One contract of the caller's stores; another tenant's or store's is not found."""
    with uow() as u:
        contract = u.repo.get(ContractRow, contract_id, what="contract")
        principal.require_store(contract.store, what="contract")
        return views.contract(contract)


def list_contracts(uow: UowFactory, principal: Principal, *, store: str | None, limit: int,
                   cursor: str | None) -> dict[str, Any]:
    """Contracts of the caller's stores (or one of them), newest first, a page at a time."""
    stores = store_scope(principal, store)
    limit = clamp(limit)
    with uow() as u:
        rows = u.repo.contracts(stores=stores, limit=limit + 1, after=cursor)
        return page(rows, limit, views.contract)
