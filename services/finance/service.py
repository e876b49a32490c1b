"""The finance service's nameko entrypoints: each validates, calls a use case, returns plain data."""

from __future__ import annotations

from typing import Any

from services.finance import application as app
from services.finance.bootstrap import build_resources
from services.finance.commands import RecordPayment, SetFinancePolicy
from shared.nameko_support import PlatformService, event_handler, rpc
from shared.service_kit import CallerProvider, UnitOfWorkProvider
from shared.validation import parse


class FinanceService(PlatformService):
    name = "finance"
    build_resources = staticmethod(build_resources)

    uow = UnitOfWorkProvider()
    caller = CallerProvider()

    @rpc
    def set_finance_policy(self, payload: dict[str, Any]) -> dict[str, Any]:
        return app.set_finance_policy(self.uow, self.caller.principal, parse(SetFinancePolicy, payload))

    @rpc
    def get_payment_plan(self, contract_id: str) -> dict[str, Any]:
        return app.get_payment_plan(self.uow, self.caller.principal, contract_id)

    @rpc
    def record_payment(self, payload: dict[str, Any]) -> dict[str, Any]:
        return app.record_payment(self.uow, self.caller.principal, parse(RecordPayment, payload),
                                  idempotency_key=self.caller.idempotency_key)

    @rpc
    def confirm_payment(self, payment_id: str) -> dict[str, Any]:
        return app.confirm_payment(self.uow, self.caller.principal, payment_id)

    @rpc
    def list_payments(self, contract_id: str, limit: int = 50, cursor: str | None = None) -> dict[str, Any]:
        return app.list_payments(self.uow, self.caller.principal, contract_id=contract_id, limit=limit,
                                 cursor=cursor)

    @event_handler("contracts", "contract_signed")
    def on_contract_signed(self, event: dict[str, Any]) -> None:
        app.open_payment_plan(lambda: self.uow(event["tenant_id"]), handler="finance.open_payment_plan",
                              event=event)
