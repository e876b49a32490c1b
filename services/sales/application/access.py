"""Who may act on a lead: the roles of each sales step, and the lead of the caller's stores."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from services.sales.domain.model import Lead
from services.sales.ports import SalesUnitOfWork
from shared.identity.context import Principal

UowFactory = Callable[[], SalesUnitOfWork]

DESIGNERS = ("designer",)
#: F01's spirit: money is taken by finance or the studio manager's assistant, no one else.
DEPOSIT_TAKERS = ("finance", "studio_assistant")
APPROVERS = ("studio_manager",)


def lead_for(u: SalesUnitOfWork, principal: Principal, lead_id: str, *, lock: bool = False) -> Lead:
    """A lead of the caller's stores; one of another store is not found, like a missing one."""
    lead = u.leads.lead(lead_id, lock=lock)
    principal.require_store(lead.store, what="lead")
    return lead


def body_of(cmd: BaseModel, *url_fields: str) -> dict[str, Any]:
    """What an idempotency key's fingerprint covers: the request body, without the URL's ids.

    As before the ids joined the command, so a key stored then still matches its retry now; the
    operation name the key is stored under carries the id.
    """
    return cmd.model_dump(mode="json", exclude=set(url_fields))
