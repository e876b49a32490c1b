"""The finance unit of work: the platform's plus this service's repository."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.finance.adapters.repository import FinanceRepository
from shared.uow import UnitOfWork


class FinanceUnitOfWork(UnitOfWork):
    repo: FinanceRepository

    def open_repositories(self, session: Session) -> None:
        self.repo = FinanceRepository(session, self.tenant_id)
