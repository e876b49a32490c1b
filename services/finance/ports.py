"""What the finance use cases need of persistence: the abstract unit of work and repositories."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Protocol

from services.finance.domain.crew import CrewMember, MaterialDraw
from services.finance.domain.model import FinancePolicy, Payment, PaymentPlan
from services.finance.domain.notices import FinanceDocument
from services.finance.domain.statements import Line, Signing, Statement
from shared.persistence.uow import AbstractUnitOfWork


class Policies(Protocol):
    def add(self, item: object) -> None: ...

    def policy(self) -> FinancePolicy | None: ...


class PaymentPlans(Protocol):
    def add(self, item: object) -> None: ...

    def find(self, contract_id: str) -> PaymentPlan | None: ...

    def plan(self, contract_id: str, *, lock: bool = False) -> PaymentPlan: ...

    def overdue_candidates(self, today: date) -> list[PaymentPlan]: ...


class Payments(Protocol):
    def add(self, item: object) -> None: ...

    def payment(self, payment_id: str, *, lock: bool = False) -> Payment: ...

    def paid_by_kind(self, contract_id: str) -> dict[str, Decimal]: ...

    def in_transit_by_kind(self, contract_id: str) -> dict[str, Decimal]: ...

    def payments(self, *, contract_id: str | None = None, stores: frozenset[str] | None = None,
                 status: str | None = None, received_on: date | None = None, limit: int,
                 after: str | None) -> list[Payment]: ...


class Documents(Protocol):
    def add(self, item: object) -> None: ...

    def document(self, document_id: str) -> FinanceDocument: ...


class Statements(Protocol):
    def add(self, item: object) -> None: ...

    def find(self, kind: str, store: str, period: date) -> Statement | None: ...

    def stores(self) -> list[str]: ...

    def receipt_lines(self, store: str, day: date) -> list[Line]: ...

    def signing_lines(self, store: str, day: date) -> list[Signing]: ...


class Crew(Protocol):
    def add(self, item: object) -> None: ...

    def member(self, member_id: str, *, lock: bool = False) -> CrewMember: ...

    def draws(self, member_id: str) -> list[MaterialDraw]: ...


class FinanceUnitOfWork(AbstractUnitOfWork, Protocol):
    policies: Policies
    plans: PaymentPlans
    payments: Payments
    documents: Documents
    statements: Statements
    crew: Crew
