"""The reporting unit of work: the platform's plus the figures and the statements."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.reporting.adapters.orm import TENANT_SETTINGS
from services.reporting.adapters.repository import FigureRepository
from services.reporting.adapters.statements import StatementRepository
from shared.persistence.uow import UnitOfWork
from shared.tenant_settings import TenantSettingsRepository


class ReportingUnitOfWork(UnitOfWork):
    figures: FigureRepository
    statements: StatementRepository
    settings: TenantSettingsRepository

    def open_repositories(self, session: Session) -> None:
        self.figures = FigureRepository(session, self.tenant_id)
        self.statements = StatementRepository(session, self.tenant_id)
        self.settings = TenantSettingsRepository(session, TENANT_SETTINGS, self.tenant_id)
