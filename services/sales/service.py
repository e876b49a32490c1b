"""The sales service's nameko entrypoints: each validates, calls a use case, returns plain data."""

from __future__ import annotations

from typing import Any

from services.sales import application as app
from services.sales.bootstrap import build_resources
from services.sales.commands import (
    ConfirmDesign,
    DraftDesign,
    GiveEstimate,
    RecordDeposit,
    RecordMeasurement,
    RegisterLead,
    RequestMeasurement,
)
from shared.nameko_support import PlatformService, rpc
from shared.service_kit import CallerProvider, UnitOfWorkProvider
from shared.validation import parse


class SalesService(PlatformService):
    """流程01–06: leads, estimates, measurement visits, measurements, designs. Consumes no events yet."""

    name = "sales"
    build_resources = staticmethod(build_resources)

    uow = UnitOfWorkProvider()
    caller = CallerProvider()

    @rpc
    def register_lead(self, payload: dict[str, Any]) -> dict[str, Any]:
        return app.register_lead(self.uow, self.caller.principal, parse(RegisterLead, payload),
                                 idempotency_key=self.caller.idempotency_key)

    @rpc
    def list_leads(self, store: str | None = None, limit: int = 50,
                   cursor: str | None = None) -> dict[str, Any]:
        return app.list_leads(self.uow, self.caller.principal, store=store, limit=limit, cursor=cursor)

    @rpc
    def get_lead(self, lead_id: str) -> dict[str, Any]:
        return app.get_lead(self.uow, self.caller.principal, lead_id)

    @rpc
    def give_estimate(self, lead_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        return app.give_estimate(self.uow, self.caller.principal, lead_id, parse(GiveEstimate, payload))

    @rpc
    def record_deposit(self, lead_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        return app.record_deposit(self.uow, self.caller.principal, lead_id, parse(RecordDeposit, payload),
                                  idempotency_key=self.caller.idempotency_key)

    @rpc
    def request_measurement(self, lead_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        return app.request_measurement(self.uow, self.caller.principal, lead_id,
                                       parse(RequestMeasurement, payload))

    @rpc
    def approve_measurement_request(self, request_id: str) -> dict[str, Any]:
        return app.approve_measurement_request(self.uow, self.caller.principal, request_id)

    @rpc
    def record_measurement(self, lead_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        return app.record_measurement(self.uow, self.caller.principal, lead_id,
                                      parse(RecordMeasurement, payload))

    @rpc
    def draft_design(self, lead_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        return app.draft_design(self.uow, self.caller.principal, lead_id, parse(DraftDesign, payload))

    @rpc
    def get_design(self, design_id: str) -> dict[str, Any]:
        return app.get_design(self.uow, self.caller.principal, design_id)

    @rpc
    def confirm_design(self, design_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        return app.confirm_design(self.uow, self.caller.principal, design_id, parse(ConfirmDesign, payload),
                                  idempotency_key=self.caller.idempotency_key)
