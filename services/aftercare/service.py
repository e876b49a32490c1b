"""The aftercare service's nameko entrypoints: each validates, calls a use case, returns plain data."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from nameko.timer import timer

from services.aftercare import application as app
from services.aftercare.adapters.orm import PLATFORM
from services.aftercare.adapters.repository import tenants_with_complaints
from services.aftercare.adapters.unit_of_work import AftercareUnitOfWork
from services.aftercare.bootstrap import build_resources
from services.aftercare.commands import (
    AnswerComplaint,
    ClassifyComplaint,
    PassOnComplaint,
    RecordComplaint,
    ResolveComplaint,
)
from shared.clock import utcnow
from shared.nameko_support import PlatformService, event_handler, rpc
from shared.service_kit import CallerProvider, UnitOfWorkProvider
from shared.validation import parse

log = logging.getLogger(__name__)


class AftercareService(PlatformService):
    name = "aftercare"
    build_resources = staticmethod(build_resources)

    uow = UnitOfWorkProvider()
    caller = CallerProvider()

    @rpc
    def get_customer_archive(self, contract_id: str) -> dict[str, Any]:
        return app.get_customer_archive(self.uow, self.caller.principal, contract_id)

    @rpc
    def record_complaint(self, payload: dict[str, Any]) -> dict[str, Any]:
        return app.record_complaint(self.uow, self.caller.principal, parse(RecordComplaint, payload),
                                    idempotency_key=self.caller.idempotency_key)

    @rpc
    def classify_complaint(self, complaint_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        return app.classify_complaint(self.uow, self.caller.principal, complaint_id,
                                      parse(ClassifyComplaint, payload))

    @rpc
    def pass_on_complaint(self, complaint_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        return app.pass_on_complaint(self.uow, self.caller.principal, complaint_id,
                                     parse(PassOnComplaint, payload))

    @rpc
    def answer_complaint(self, complaint_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        return app.answer_complaint(self.uow, self.caller.principal, complaint_id,
                                    parse(AnswerComplaint, payload))

    @rpc
    def resolve_complaint(self, complaint_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        return app.resolve_complaint(self.uow, self.caller.principal, complaint_id,
                                     parse(ResolveComplaint, payload))

    @rpc
    def get_complaint(self, complaint_id: str) -> dict[str, Any]:
        return app.get_complaint(self.uow, self.caller.principal, complaint_id)

    @rpc
    def list_complaints(self, contract_id: str | None = None, store: str | None = None,
                        status: str | None = None, limit: int = 50, cursor: str | None = None) -> dict[str, Any]:
        return app.list_complaints(self.uow, self.caller.principal, contract_id=contract_id, store=store,
                                   status=status, limit=limit, cursor=cursor)

    @event_handler("contracts", "contract_signed")
    def on_contract_signed(self, event: dict[str, Any]) -> None:
        app.open_customer_archive(lambda: self.uow(event["tenant_id"]),
                                  handler="aftercare.open_customer_archive", event=event)

    def _tenant_uow(self, tenant: str) -> Callable[[], AftercareUnitOfWork]:
        return lambda: self.uow(tenant)

    @timer(interval=300)
    def escalate_overdue(self) -> None:
        # A06: a week without resolution escalates even when nobody touches the complaint.
        now = utcnow()
        for tenant in tenants_with_complaints(self.relay.db, PLATFORM):
            try:
                app.escalate_overdue(self._tenant_uow(tenant), now)
            except Exception:  # one tenant's failure must not starve the others; retried next run
                log.exception("complaint escalation failed for tenant %s", tenant)
