"""The aftercare unit of work: the platform's plus this service's repositories."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.aftercare.adapters.orm import TENANT_SETTINGS
from services.aftercare.adapters.repository import (
    ArchiveRepository,
    CalendarRepository,
    ComplaintRepository,
    DocumentRepository,
    RepairRepository,
    WarrantyRepository,
)
from shared.persistence.uow import UnitOfWork
from shared.tenant_settings import TenantSettingsRepository


class AftercareUnitOfWork(UnitOfWork):
    settings: TenantSettingsRepository
    archives: ArchiveRepository
    complaints: ComplaintRepository
    calendar: CalendarRepository
    warranties: WarrantyRepository
    repairs: RepairRepository
    documents: DocumentRepository

    def open_repositories(self, session: Session) -> None:
        self.settings = TenantSettingsRepository(session, TENANT_SETTINGS, self.tenant_id)
        self.archives = ArchiveRepository(session, self.tenant_id)
        self.complaints = ComplaintRepository(session, self.tenant_id)
        self.calendar = CalendarRepository(session, self.tenant_id)
        self.warranties = WarrantyRepository(session, self.tenant_id)
        self.repairs = RepairRepository(session, self.tenant_id)
        self.documents = DocumentRepository(session, self.tenant_id)
