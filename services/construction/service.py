"""The construction service's nameko entrypoints: each validates, calls a use case, returns plain data."""

from __future__ import annotations

from typing import Any

from services.construction import application as app
from services.construction.bootstrap import build_resources
from services.construction.commands import RecordStepProgress
from shared.nameko_support import PlatformService, event_handler, rpc
from shared.service_kit import CallerProvider, UnitOfWorkProvider
from shared.validation import parse


class ConstructionService(PlatformService):
    name = "construction"
    build_resources = staticmethod(build_resources)

    uow = UnitOfWorkProvider()
    caller = CallerProvider()

    @rpc
    def list_projects(self, contract_id: str | None = None, store: str | None = None, limit: int = 50,
                      cursor: str | None = None) -> dict[str, Any]:
        return app.list_projects(self.uow, self.caller.principal, contract_id=contract_id, store=store,
                                 limit=limit, cursor=cursor)

    @rpc
    def get_project(self, project_id: str) -> dict[str, Any]:
        return app.get_project(self.uow, self.caller.principal, project_id)

    @rpc
    def start_step(self, project_id: str, step: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        return app.start_step(self.uow, self.caller.principal, project_id, step,
                              parse(RecordStepProgress, payload or {}))

    @rpc
    def complete_step(self, project_id: str, step: str,
                      payload: dict[str, Any] | None = None) -> dict[str, Any]:
        return app.complete_step(self.uow, self.caller.principal, project_id, step,
                                 parse(RecordStepProgress, payload or {}))

    @event_handler("contracts", "contract_signed")
    def on_contract_signed(self, event: dict[str, Any]) -> None:
        app.open_project(lambda: self.uow(event["tenant_id"]), handler="construction.open_project",
                         event=event)
