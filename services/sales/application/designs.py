"""Design versions (流程05–06): floor plan and preliminary budget until the customer confirms one (S07)."""

from __future__ import annotations

from typing import Any

from services.sales.application.access import DESIGNERS, UowFactory, body_of, lead_for
from services.sales.commands import ConfirmDesign, DraftDesign, GetDesign
from services.sales.domain import leads
from services.sales.ports import SalesUnitOfWork
from services.sales.results import DesignRead
from shared.clock import utcnow
from shared.identity.context import Principal
from shared.identity.signatures import Signature
from shared.persistence.uow import run_idempotent


def draft_design(cmd: DraftDesign, *, uow: UowFactory, principal: Principal) -> DesignRead:
    """A new version n of floor plan (平面图) and preliminary budget (初步预算); older ones are kept (S07)."""
    principal.require_role(DESIGNERS, action="draw designs")
    with uow() as u:
        lead = lead_for(u, principal, cmd.lead_id, lock=True)
        design = lead.draft_design(cmd.floor_plan_document_id, [(i.name, i.amount) for i in cmd.budget_items],
                                   by=principal.username, at=utcnow())
        u.publish_from(lead)
        u.commit()
        return DesignRead.of(design)


def get_design(cmd: GetDesign, *, uow: UowFactory, principal: Principal) -> DesignRead:
    """One design version of the caller's stores."""
    principal.require_role(leads.LEAD_READERS, action="read designs")
    with uow() as u:
        lead = u.leads.lead_of_design(cmd.design_id)
        principal.require_store(lead.store, what="design")
        return DesignRead.of(lead.design(cmd.design_id))


def confirm_design(cmd: ConfirmDesign, *, uow: UowFactory, principal: Principal,
                   idempotency_key: str | None) -> dict[str, Any]:
    """The customer signs one version as confirmed (客户认定); one per lead, never twice (S07)."""
    principal.require_role(DESIGNERS, action="have designs confirmed")
    signature = Signature.parse(cmd.customer_signature, field="customer_signature")

    def authorize(u: SalesUnitOfWork) -> None:
        principal.require_store(u.leads.lead_of_design(cmd.design_id).store, what="design")

    def confirm(u: SalesUnitOfWork) -> dict[str, Any]:
        # The lead's row lock keeps two versions from being confirmed at once.
        lead = u.leads.lead_of_design(cmd.design_id, lock=True)
        principal.require_store(lead.store, what="design")
        design = lead.confirm_design(cmd.design_id, signature.to_data(), by=principal.username, at=utcnow())
        u.publish_from(lead)
        return DesignRead.of(design).model_dump(mode="json")

    return run_idempotent(uow, f"confirm_design:{cmd.design_id}", idempotency_key, confirm, caller=principal,
                          authorize=authorize, request=body_of(cmd, "design_id"))
