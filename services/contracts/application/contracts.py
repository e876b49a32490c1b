"""Contracts: drawing one up on an issued quote, attaching the C01 documents, signing (C01–C07)."""

from __future__ import annotations

from typing import Any

from services.contracts.application.scope import UowFactory, document_if_visible, lead_for
from services.contracts.commands import (
    AddAttachment,
    CancelContract,
    ContractRef,
    CreateContract,
    ListContracts,
    SignContract,
)
from services.contracts.domain.model import Contract, check_attachment_kind
from services.contracts.domain.roles import CONTRACT_CLERKS, SELLERS
from services.contracts.ports import ContractsUnitOfWork
from services.contracts.results import AttachmentAdded, ContractPage, ContractRead
from shared.clock import local_today, utcnow
from shared.identity.context import Principal
from shared.identity.signatures import Signature
from shared.ids import new_id
from shared.persistence.paging import clamp, page, store_scope
from shared.persistence.uow import run_idempotent


def create_contract(cmd: CreateContract, *, uow: UowFactory, principal: Principal) -> ContractRead:
    """A draft contract (《家庭居室装饰装修工程施工合同》) on an issued quote of the lead."""
    principal.require_role(SELLERS, action="draw up contracts")
    with uow() as u:
        lead = lead_for(u, principal, cmd.lead_id)
        quote = u.quotes.quote(cmd.quote_id)
        contract = Contract.draft(id=new_id(), lead=lead, quote=quote, market_party=cmd.market_party,
                                  created_by=principal.username, created_at=utcnow())
        u.contracts.add(contract)
        u.commit()
        return ContractRead.of(contract)


def list_contracts(cmd: ListContracts, *, uow: UowFactory, principal: Principal) -> ContractPage:
    """Contracts of the caller's stores (or one of them), newest first, a page at a time."""
    stores = store_scope(principal, cmd.store)
    limit = clamp(cmd.limit)
    with uow() as u:
        rows = u.contracts.contracts(stores=stores, status=cmd.status, limit=limit + 1, after=cmd.cursor)
        return ContractPage.model_validate(page(rows, limit, ContractRead.of))  # type: ignore[arg-type]


def get_contract(cmd: ContractRef, *, uow: UowFactory, principal: Principal) -> ContractRead:
    """One contract of the caller's stores; another tenant's or store's is not found."""
    with uow() as u:
        contract = u.contracts.contract(cmd.contract_id)
        principal.require_store(contract.store, what="contract")
        return ContractRead.of(contract)


def add_attachment(cmd: AddAttachment, *, uow: UowFactory, principal: Principal) -> AttachmentAdded:
    """Attach one of the C01 documents to a draft contract."""
    principal.require_role(CONTRACT_CLERKS, action="attach contract documents")
    check_attachment_kind(cmd.kind)  # an unknown kind is refused before anything is looked up
    with uow() as u:
        contract = u.contracts.contract(cmd.contract_id)
        principal.require_store(contract.store, what="contract")
        attachment = contract.attach(cmd.kind, document_if_visible(u, principal, cmd.document_id),
                                     id=new_id(), at=utcnow())
        u.commit()
        return AttachmentAdded(id=attachment.id, contract_id=contract.id, kind=attachment.kind,
                               document_id=attachment.document_id)


def cancel_contract(cmd: CancelContract, *, uow: UowFactory, principal: Principal) -> ContractRead:
    """Cancel a draft contract the customer decided against; the lead stays for another attempt."""
    principal.require_role(SELLERS, action="cancel contracts")
    with uow() as u:
        contract = u.contracts.contract(cmd.contract_id, lock=True)
        principal.require_store(contract.store, what="contract")
        contract.cancel(cmd.reason, by=principal.username)
        u.publish_from(contract)
        u.commit()
        return ContractRead.of(contract)


def sign_contract(cmd: SignContract, *, uow: UowFactory, principal: Principal,
                  idempotency_key: str | None) -> ContractRead:
    """Sign: check C01 and C05, take the store's next number of its day (C04), announce it (C07)."""
    principal.require_role(SELLERS, action="sign contracts")
    signature = Signature.parse(cmd.customer_signature, field="customer_signature")

    # authorize reads the contract with its row lock and sign goes on with it: one read of the
    # contract (with its attachments) per signing instead of a plain read and then a locked one.
    locked: list[Contract] = []

    def sign(u: ContractsUnitOfWork) -> dict[str, Any]:
        contract = locked[-1]
        now = utcnow()
        day = local_today(_store_zone(u, contract.store), now=now)
        contract.sign(u.quotes.quote(contract.quote_id), cost_notice_acknowledged=cmd.cost_notice_acknowledged,
                      signature=signature, lead=u.leads.lead(contract.lead_id), by=principal.username,
                      at=now, day=day, take_number=lambda: u.contracts.next_number(contract.store, day))
        u.publish_from(contract)
        return ContractRead.of(contract).model_dump(mode="json")

    def authorize(u: ContractsUnitOfWork) -> None:
        contract = u.contracts.contract(cmd.contract_id, lock=True)
        principal.require_store(contract.store, what="contract")
        locked.append(contract)

    # The request is what the body carried (the path names the key's operation): keys stored
    # before the operations were declared keep matching their requests.
    answer = run_idempotent(uow, f"sign_contract:{cmd.contract_id}", idempotency_key, sign, caller=principal,
                            authorize=authorize, request=cmd.model_dump(mode="json", exclude={"contract_id"}))
    return ContractRead.model_validate(answer)


def _store_zone(u: ContractsUnitOfWork, store: str) -> str:
    """C04: the store's zone from the tenant's settings; the zone it was registered with before any push."""
    effective = u.settings.effective(store)
    if effective.source("timezone") == "platform":
        return u.stores.timezone(store)
    return effective.timezone
