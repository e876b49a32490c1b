"""The contracts unit of work: the platform's plus this service's repository."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.contracts.adapters.repository import ContractsRepository
from shared.uow import UnitOfWork


class ContractsUnitOfWork(UnitOfWork):
    repo: ContractsRepository

    def open_repositories(self, session: Session) -> None:
        self.repo = ContractsRepository(session, self.tenant_id)
