"""Repositories: every query is scoped to the unit of work's tenant (P01)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from services.finance.adapters.orm import FinancePolicyRow, PaymentPlanRow, PaymentRow
from services.finance.domain.payments import COUNTED
from services.finance.domain.plan import DEFAULT_FIRST_INSTALLMENT_RATIO
from shared.errors import NotFound
from shared.repository import TenantRepository


class FinanceRepository(TenantRepository):
    """Reads and writes of the finance service inside one tenant."""

    def first_installment_ratio(self) -> Decimal:
        """The tenant's first-installment ratio, or the default 60% (F02)."""
        row = self.session.get(FinancePolicyRow, self.tenant_id)
        return row.first_installment_ratio if row else DEFAULT_FIRST_INSTALLMENT_RATIO

    def policy(self) -> FinancePolicyRow | None:
        """The tenant's policy row, if it set one."""
        return self.session.get(FinancePolicyRow, self.tenant_id)

    def find_plan(self, contract_id: str) -> PaymentPlanRow | None:
        """The plan of a contract, if the signing event has arrived."""
        return self.session.get(PaymentPlanRow, (self.tenant_id, contract_id))

    def plan(self, contract_id: str, *, lock: bool = False) -> PaymentPlanRow:
        """The plan of a contract of this tenant; locked so concurrent payments serialise."""
        q = select(PaymentPlanRow).where(PaymentPlanRow.tenant_id == self.tenant_id,
                                         PaymentPlanRow.contract_id == contract_id)
        row = self.session.execute(q.with_for_update() if lock else q).scalar_one_or_none()
        if row is None:
            raise NotFound("payment plan not found", field="contract_id")
        return row

    def payment(self, payment_id: str, *, lock: bool = False) -> PaymentRow:
        """One payment of this tenant."""
        q = select(PaymentRow).where(PaymentRow.id == payment_id, PaymentRow.tenant_id == self.tenant_id)
        row = self.session.execute(q.with_for_update() if lock else q).scalar_one_or_none()
        if row is None:
            raise NotFound("payment not found")
        return row

    def paid_by_kind(self, contract_id: str) -> dict[str, Decimal]:
        """Money received or in transit for a contract, per kind."""
        rows = self.session.execute(
            select(PaymentRow.kind, func.sum(PaymentRow.amount))
            .where(PaymentRow.tenant_id == self.tenant_id, PaymentRow.contract_id == contract_id,
                   PaymentRow.status.in_(COUNTED))
            .group_by(PaymentRow.kind)
        ).all()
        return {kind: Decimal(total or 0) for kind, total in rows}

    def payments(self, contract_id: str, *, limit: int, after: str | None) -> list[PaymentRow]:
        """Payments of a contract, oldest first."""
        q = select(PaymentRow).where(PaymentRow.tenant_id == self.tenant_id,
                                     PaymentRow.contract_id == contract_id)
        if after:
            q = q.where(PaymentRow.id > after)
        return list(self.session.execute(q.order_by(PaymentRow.id).limit(limit)).scalars())
