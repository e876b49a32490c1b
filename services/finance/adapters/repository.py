"""The finance repositories: aggregates of one tenant, and nothing else (P01)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from services.finance.adapters.orm import installments, material_draws, payment_plans, payments, sweep_tenants
from services.finance.domain.crew import CrewMember, MaterialDraw
from services.finance.domain.model import FinancePolicy, Payment, PaymentPlan
from services.finance.domain.notices import FinanceDocument
from services.finance.domain.payments import COUNTED, IN_TRANSIT
from services.finance.domain.plan import PAID
from services.finance.domain.statements import Line, Signing, Statement
from shared.errors import NotFound
from shared.persistence.db import ServiceDatabase
from shared.persistence.repository import TenantRepository
from shared.persistence.sweeps import enroll_tenant
from shared.persistence.sweeps import tenants_to_sweep as sweep_tenant_ids


class PolicyRepository(TenantRepository):
    """The tenant's finance policy (F02)."""

    def policy(self) -> FinancePolicy | None:
        """The tenant's policy, if it set one."""
        return self.session.get(FinancePolicy, self.tenant_id)


class PaymentPlanRepository(TenantRepository):
    """Payment plans of the unit of work's tenant, one per contract."""

    def add(self, row: Any) -> None:
        """Stage a new plan; the tenant's first one also enrols it in the F03 overdue sweep."""
        super().add(row)
        # Two first plans at once both succeed; one row stays.
        enroll_tenant(self.session, sweep_tenants, self.tenant_id)

    def overdue_candidates(self, today: date) -> list[PaymentPlan]:
        """F03: plans with money due before ``today``, not paid and not alerted yet, locked."""
        due = (select(installments.c.contract_id)
               .where(installments.c.tenant_id == self.tenant_id, installments.c.due_on < today,
                      installments.c.amount.is_not(None), installments.c.status != PAID,
                      installments.c.overdue_alerted_at.is_(None)))
        q = (select(PaymentPlan).where(payment_plans.c.tenant_id == self.tenant_id,
                                       payment_plans.c.contract_id.in_(due))
             .order_by(payment_plans.c.contract_id).with_for_update())
        return list(self.session.execute(q).scalars())

    def find(self, contract_id: str) -> PaymentPlan | None:
        """The plan of a contract, if the signing event has arrived."""
        return self.session.get(PaymentPlan, (self.tenant_id, contract_id))

    def plan(self, contract_id: str, *, lock: bool = False) -> PaymentPlan:
        """The plan of a contract of this tenant; locked so concurrent payments serialise."""
        q = select(PaymentPlan).where(payment_plans.c.tenant_id == self.tenant_id,
                                      payment_plans.c.contract_id == contract_id)
        plan = self.session.execute(q.with_for_update() if lock else q).scalar_one_or_none()
        if plan is None:
            raise NotFound("payment plan not found", field="contract_id")
        return plan


class PaymentRepository(TenantRepository):
    """Payments of the unit of work's tenant."""

    def payment(self, payment_id: str, *, lock: bool = False) -> Payment:
        """One payment of this tenant."""
        return self.get(Payment, payment_id, what="payment", lock=lock)

    def _sums(self, contract_id: str, statuses: tuple[str, ...]) -> dict[str, Decimal]:
        rows = self.session.execute(
            select(payments.c.kind, func.sum(payments.c.amount))
            .where(payments.c.tenant_id == self.tenant_id, payments.c.contract_id == contract_id,
                   payments.c.status.in_(statuses))
            .group_by(payments.c.kind)
        ).all()
        return {kind: Decimal(total or 0) for kind, total in rows}

    def paid_by_kind(self, contract_id: str) -> dict[str, Decimal]:
        """Confirmed money for a contract, per kind (F01: money in transit is not paid yet)."""
        self.session.flush()  # a query on the bare table does not autoflush: count a payment just confirmed
        return self._sums(contract_id, COUNTED)

    def in_transit_by_kind(self, contract_id: str) -> dict[str, Decimal]:
        """Money taken by an assistant or cashier that finance has yet to confirm, per kind (F01)."""
        self.session.flush()
        return self._sums(contract_id, (IN_TRANSIT,))

    def payments(self, *, contract_id: str | None = None, stores: frozenset[str] | None = None,
                 status: str | None = None, received_on: date | None = None, limit: int,
                 after: str | None) -> list[Payment]:
        """Payments of the tenant, oldest first, narrowed by contract, stores, status and store-local day."""
        q = select(Payment).where(payments.c.tenant_id == self.tenant_id)
        if contract_id:
            q = q.where(payments.c.contract_id == contract_id)
        if stores is not None:
            q = q.where(payments.c.store.in_(stores))
        if status:
            q = q.where(payments.c.status == status)
        if received_on:
            q = q.where(payments.c.received_on == received_on)
        if after:
            q = q.where(payments.c.id > after)
        return list(self.session.execute(q.order_by(payments.c.id).limit(limit)).scalars())


class DocumentRepository(TenantRepository):
    """PDFs finance rendered (signed payment notices)."""

    def document(self, document_id: str) -> FinanceDocument:
        return self.get(FinanceDocument, document_id, what="document")


class StatementRepository(TenantRepository):
    """F05 statements produced, and the lines they are made of."""

    def find(self, kind: str, store: str, period: date) -> Statement | None:
        return self.session.get(Statement, (self.tenant_id, kind, store, period))

    def stores(self) -> list[str]:
        """The stores with payment plans."""
        return list(self.session.execute(select(payment_plans.c.store).distinct()
                                         .where(payment_plans.c.tenant_id == self.tenant_id)
                                         .order_by(payment_plans.c.store)).scalars())

    def receipt_lines(self, store: str, day: date) -> list[Line]:
        """F05: the money taken in a store on a store-local day, oldest first."""
        rows = self.session.execute(
            select(payments, payment_plans.c.number, payment_plans.c.customer_name)
            .join(payment_plans, (payment_plans.c.tenant_id == payments.c.tenant_id)
                  & (payment_plans.c.contract_id == payments.c.contract_id))
            .where(payments.c.tenant_id == self.tenant_id, payments.c.store == store,
                   payments.c.received_on == day)
            .order_by(payments.c.id)).all()
        return [Line(received_on=r.received_on, number=r.number, customer=r.customer_name, kind=r.kind,
                     amount=Decimal(r.amount), method=r.method, status=r.status, received_by=r.received_by,
                     confirmed_by=r.confirmed_by) for r in rows]

    def signing_lines(self, store: str, day: date) -> list[Signing]:
        """F05: the contracts a store signed on a store-local day (their plans opened then), by number."""
        rows = self.session.execute(
            select(payment_plans).where(payment_plans.c.tenant_id == self.tenant_id, payment_plans.c.store == store,
                                        payment_plans.c.signed_on == day)
            .order_by(payment_plans.c.number)).all()
        return [Signing(signed_on=r.signed_on, number=r.number, customer=r.customer_name, total=Decimal(r.total),
                        first_installment_ratio=Decimal(r.first_installment_ratio)) for r in rows]


class CrewRepository(TenantRepository):
    """F08: the people who draw material money, and their draws."""

    def member(self, member_id: str, *, lock: bool = False) -> CrewMember:
        return self.get(CrewMember, member_id, what="crew member", lock=lock, field="crew_member_id")

    def draws(self, member_id: str) -> list[MaterialDraw]:
        q = self.scoped(MaterialDraw).where(material_draws.c.crew_member_id == member_id)
        return list(self.session.execute(q.order_by(material_draws.c.paid_at, material_draws.c.id)).scalars())


def tenants_with_plans(platform_db: ServiceDatabase) -> list[str]:
    """Tenants with payment plans, for the F03 overdue timer, from ``sweep_tenants`` (decision 0016).

    ``platform_db`` is the relay role's connection on PostgreSQL (it reads this table past the
    row-level policies, nothing else), the same file on SQLite.
    """
    return sweep_tenant_ids(platform_db, sweep_tenants)
