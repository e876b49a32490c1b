"""What contracts keeps of the leads sales announces."""

from __future__ import annotations

from services.contracts.domain.events import LeadRegisteredView
from services.contracts.domain.store import Lead
from services.contracts.ports import ContractsUnitOfWork


def record_lead(registered: LeadRegisteredView, uow: ContractsUnitOfWork) -> None:
    """Keep what contracts needs of a new lead (event ``lead_registered``); the inbox makes it once per event."""
    fields = {"store": registered.store, "customer_name": registered.customer_name,
              "address": registered.address or "", "designer": registered.designer or ""}
    lead = uow.leads.lead(registered.lead_id)
    if lead is None:
        uow.leads.add(Lead(registered.lead_id, **fields))
    else:
        lead.announced(**fields)
