"""The finance repositories: aggregates of one tenant, and nothing else (P01)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from services.finance.adapters.orm import payment_plans, payments
from services.finance.domain.model import FinancePolicy, Payment, PaymentPlan
from services.finance.domain.payments import COUNTED
from shared.errors import NotFound
from shared.persistence.repository import TenantRepository


class PolicyRepository(TenantRepository):
    """The tenant's finance policy (F02)."""

    def policy(self) -> FinancePolicy | None:
        """The tenant's policy, if it set one."""
        return self.session.get(FinancePolicy, self.tenant_id)


class PaymentPlanRepository(TenantRepository):
    """Payment plans of the unit of work's tenant, one per contract."""

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

    def paid_by_kind(self, contract_id: str) -> dict[str, Decimal]:
        """Money received or in transit for a contract, per kind."""
        rows = self.session.execute(
            select(payments.c.kind, func.sum(payments.c.amount))
            .where(payments.c.tenant_id == self.tenant_id, payments.c.contract_id == contract_id,
                   payments.c.status.in_(COUNTED))
            .group_by(payments.c.kind)
        ).all()
        return {kind: Decimal(total or 0) for kind, total in rows}

    def payments(self, contract_id: str, *, limit: int, after: str | None) -> list[Payment]:
        """Payments of a contract, oldest first."""
        q = select(Payment).where(payments.c.tenant_id == self.tenant_id, payments.c.contract_id == contract_id)
        if after:
            q = q.where(payments.c.id > after)
        return list(self.session.execute(q.order_by(payments.c.id).limit(limit)).scalars())

