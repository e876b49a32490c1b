"""The reporting unit of work: the platform's plus the figures."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.reporting.adapters.repository import FigureRepository
from shared.persistence.uow import UnitOfWork


class ReportingUnitOfWork(UnitOfWork):
    figures: FigureRepository

    def open_repositories(self, session: Session) -> None:
        self.figures = FigureRepository(session, self.tenant_id)
