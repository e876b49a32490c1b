"""The contracts unit of work: the platform's plus this service's repositories."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.contracts.adapters.orm import TENANT_SETTINGS
from services.contracts.adapters.repository import (
    CatalogueRepository,
    ContractRepository,
    DocumentRepository,
    LeadRepository,
    QuoteRepository,
    StoreRepository,
)
from shared.persistence.uow import UnitOfWork
from shared.tenant_settings import TenantSettingsRepository


class ContractsUnitOfWork(UnitOfWork):
    settings: TenantSettingsRepository
    stores: StoreRepository
    catalogue: CatalogueRepository
    leads: LeadRepository
    documents: DocumentRepository
    quotes: QuoteRepository
    contracts: ContractRepository

    def open_repositories(self, session: Session) -> None:
        self.settings = TenantSettingsRepository(session, TENANT_SETTINGS, self.tenant_id)
        self.stores = StoreRepository(session, self.tenant_id)
        self.catalogue = CatalogueRepository(session, self.tenant_id)
        self.leads = LeadRepository(session, self.tenant_id)
        self.documents = DocumentRepository(session, self.tenant_id)
        self.quotes = QuoteRepository(session, self.tenant_id)
        self.contracts = ContractRepository(session, self.tenant_id)
