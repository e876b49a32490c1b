"""The sales unit of work: the platform's plus this service's repository."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.sales.adapters.repository import LeadRepository
from shared.persistence.uow import UnitOfWork


class SalesUnitOfWork(UnitOfWork):
    leads: LeadRepository

    def open_repositories(self, session: Session) -> None:
        self.leads = LeadRepository(session, self.tenant_id)
