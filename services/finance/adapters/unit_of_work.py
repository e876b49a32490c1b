"""The finance unit of work: the platform's plus this service's repositories."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.finance.adapters.orm import TENANT_SETTINGS
from services.finance.adapters.repository import (
    CrewRepository,
    DocumentRepository,
    PaymentPlanRepository,
    PaymentRepository,
    PolicyRepository,
    StatementRepository,
)
from shared.persistence.uow import UnitOfWork
from shared.tenant_settings import TenantSettingsRepository


class FinanceUnitOfWork(UnitOfWork):
    settings: TenantSettingsRepository
    policies: PolicyRepository
    plans: PaymentPlanRepository
    payments: PaymentRepository
    documents: DocumentRepository
    statements: StatementRepository
    crew: CrewRepository

    def open_repositories(self, session: Session) -> None:
        self.settings = TenantSettingsRepository(session, TENANT_SETTINGS, self.tenant_id)
        self.policies = PolicyRepository(session, self.tenant_id)
        self.plans = PaymentPlanRepository(session, self.tenant_id)
        self.payments = PaymentRepository(session, self.tenant_id)
        self.documents = DocumentRepository(session, self.tenant_id)
        self.statements = StatementRepository(session, self.tenant_id)
        self.crew = CrewRepository(session, self.tenant_id)
