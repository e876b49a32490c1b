"""The aftercare unit of work: the platform's plus this service's repository."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.aftercare.adapters.repository import AftercareRepository
from shared.uow import UnitOfWork


class AftercareUnitOfWork(UnitOfWork):
    repo: AftercareRepository

    def open_repositories(self, session: Session) -> None:
        self.repo = AftercareRepository(session, self.tenant_id)
