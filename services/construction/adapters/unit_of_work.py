"""The construction unit of work: the platform's plus this service's repository."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.construction.adapters.repository import ConstructionRepository
from shared.uow import UnitOfWork


class ConstructionUnitOfWork(UnitOfWork):
    repo: ConstructionRepository

    def open_repositories(self, session: Session) -> None:
        self.repo = ConstructionRepository(session, self.tenant_id)
