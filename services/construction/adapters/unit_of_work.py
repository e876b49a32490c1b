"""The construction unit of work: the platform's plus this service's repositories."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.construction.adapters.orm import TENANT_SETTINGS
from services.construction.adapters.repository import CallbackRepository, ProjectRepository, QualityRepository
from shared.persistence.uow import UnitOfWork
from shared.tenant_settings import TenantSettingsRepository


class ConstructionUnitOfWork(UnitOfWork):
    settings: TenantSettingsRepository
    projects: ProjectRepository
    quality: QualityRepository
    callbacks: CallbackRepository

    def open_repositories(self, session: Session) -> None:
        self.settings = TenantSettingsRepository(session, TENANT_SETTINGS, self.tenant_id)
        self.projects = ProjectRepository(session, self.tenant_id)
        self.quality = QualityRepository(session, self.tenant_id)
        self.callbacks = CallbackRepository(session, self.tenant_id)
