"""Reception (流程01–03): the customer resource register, simple estimates and the deposit."""

from __future__ import annotations

from typing import Any

from services.sales.application.access import DEPOSIT_TAKERS, DESIGNERS, UowFactory, body_of, lead_for
from services.sales.commands import AssignLead, GetLead, GiveEstimate, ListLeads, RecordDeposit, RegisterLead
from services.sales.domain import leads
from services.sales.domain.events import ContractSignedView
from services.sales.domain.model import Lead
from services.sales.ports import SalesUnitOfWork
from services.sales.results import EstimateRead, LeadDetail, LeadPage, LeadRead
from shared.clock import utcnow
from shared.errors import Forbidden
from shared.identity.context import Principal
from shared.persistence.paging import clamp, page, store_scope
from shared.persistence.uow import run_idempotent


def mark_lead_contracted(signed: ContractSignedView, uow: SalesUnitOfWork) -> None:
    """C07: the register shows the lead as signed (签约) once contracts announces its contract."""
    uow.leads.lead(signed.lead_id, lock=True, parts=False).contracted()


def register_lead(cmd: RegisterLead, *, uow: UowFactory, principal: Principal,
                  idempotency_key: str | None) -> dict[str, Any]:
    """Register a reception in the customer resource register (《客户资源登记表》, S01, S03, S04)."""
    principal.require_role(leads.LEAD_CREATORS, action="register leads")
    if not principal.can_see_store(cmd.store):
        # Creating in a store is not reading a record: the store is named, so say it is not yours.
        raise Forbidden(f"you do not work in store {cmd.store}", field="store")

    def register(u: SalesUnitOfWork) -> dict[str, Any]:
        lead = Lead.register(store=cmd.store, customer_name=cmd.customer_name, phone=cmd.phone,
                             address=cmd.address, source=cmd.source, channel=cmd.channel,
                             consultation_channel=cmd.consultation_channel, notes=cmd.notes,
                             named_designer=cmd.designer, roles=principal.roles, by=principal.username,
                             at=utcnow())
        u.leads.add(lead)
        u.publish_from(lead)
        return LeadRead.of(lead).model_dump(mode="json")

    # Nothing to check on a record: the role and the named store were checked above.
    return run_idempotent(uow, "register_lead", idempotency_key, register, caller=principal, authorize=None,
                          request=cmd)


def list_leads(cmd: ListLeads, *, uow: UowFactory, principal: Principal) -> LeadPage:
    """The customer resource register (S04) of the caller's stores, newest first, a page at a time."""
    principal.require_role(leads.LEAD_READERS, action="read the customer resource register")
    stores = store_scope(principal, cmd.store)
    limit = clamp(cmd.limit)
    with uow() as u:
        rows = u.leads.leads(stores=stores, status=cmd.status, assignee=cmd.assignee, queue=cmd.queue,
                             limit=limit + 1, after=cmd.cursor)
        return LeadPage.model_validate(page(rows, limit, LeadRead.of))  # type: ignore[arg-type]


def assign_lead(cmd: AssignLead, *, uow: UowFactory, principal: Principal) -> LeadRead:
    """S03: marketing or the studio manager hand a lead to a designer of its store."""
    with uow() as u:
        lead = lead_for(u, principal, cmd.lead_id, lock=True)
        lead.assign(cmd.designer, roles=principal.roles, by=principal.username)
        u.publish_from(lead)
        u.commit()
        return LeadRead.of(lead)


def get_lead(cmd: GetLead, *, uow: UowFactory, principal: Principal) -> LeadDetail:
    """One lead of the caller's stores with its estimates, visits, measurements and design versions."""
    principal.require_role(leads.LEAD_READERS, action="read the customer resource register")
    with uow() as u:
        return LeadDetail.of(lead_for(u, principal, cmd.lead_id))


def give_estimate(cmd: GiveEstimate, *, uow: UowFactory, principal: Principal) -> EstimateRead:
    """A simple estimate at reception (简单估算); never a whole-house total on the phone (S02)."""
    principal.require_role(DESIGNERS, action="give estimates")
    with uow() as u:
        lead = lead_for(u, principal, cmd.lead_id)
        estimate = lead.give_estimate(cmd.scope, [(i.name, i.amount) for i in cmd.items], by=principal.username,
                                      at=utcnow())
        u.publish_from(lead)
        u.commit()
        return EstimateRead.of(estimate)


def record_deposit(cmd: RecordDeposit, *, uow: UowFactory, principal: Principal,
                   idempotency_key: str | None) -> dict[str, Any]:
    """Record the customer's deposit (订金); visits waiting for approval become scheduled (S05)."""
    principal.require_role(DEPOSIT_TAKERS, action="receive deposits")

    def receive(u: SalesUnitOfWork) -> dict[str, Any]:
        lead = lead_for(u, principal, cmd.lead_id, lock=True)
        lead.receive_deposit(cmd.amount, by=principal.username, at=utcnow())
        u.publish_from(lead)
        return LeadRead.of(lead).model_dump(mode="json")

    return run_idempotent(uow, f"record_deposit:{cmd.lead_id}", idempotency_key, receive, caller=principal,
                          authorize=lambda u: lead_for(u, principal, cmd.lead_id), request=body_of(cmd, "lead_id"))

