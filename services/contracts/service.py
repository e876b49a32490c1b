"""The contracts service's nameko entrypoints: each validates, calls a use case, returns plain data."""

from __future__ import annotations

from typing import Any

from services.contracts import application as app
from services.contracts.bootstrap import build_resources
from services.contracts.commands import (
    AddAttachment,
    AllotDocument,
    CreateContract,
    CreateQuote,
    RecordDocument,
    SignContract,
)
from shared.clock import DEFAULT_TIMEZONE
from shared.nameko_support import PlatformService, event_handler, rpc
from shared.service_kit import CallerProvider, UnitOfWorkProvider
from shared.validation import parse


class ContractsService(PlatformService):
    name = "contracts"
    build_resources = staticmethod(build_resources)

    uow = UnitOfWorkProvider()
    caller = CallerProvider()

    @rpc
    def register_store(self, store: str, timezone: str = DEFAULT_TIMEZONE) -> dict[str, Any]:
        return app.register_store(self.uow, self.caller.principal, store=store, timezone=timezone)

    @rpc
    def seed_catalogue(self) -> dict[str, Any]:
        return app.seed_catalogue(self.uow, self.caller.principal)

    @rpc
    def list_catalogue(self) -> list[dict[str, Any]]:
        return app.list_catalogue(self.uow)

    # Uploads: the gateway streams the bytes to the document store between these two calls;
    # no entrypoint takes or returns file content (architecture.md, Documents and forms).
    @rpc
    def allot_document(self, payload: dict[str, Any]) -> dict[str, Any]:
        return app.allot_document(self.uow, self.caller.principal, parse(AllotDocument, payload))

    @rpc
    def record_document(self, document_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        return app.record_document(self.uow, self.caller.principal, document_id, parse(RecordDocument, payload))

    @rpc
    def abandon_document(self, document_id: str) -> dict[str, Any]:
        return app.abandon_document(self.uow, self.caller.principal, document_id)

    @rpc
    def get_document(self, document_id: str) -> dict[str, Any]:
        return app.get_document(self.uow, self.caller.principal, document_id)

    @rpc
    def document_content(self, document_id: str) -> dict[str, Any]:
        return app.document_content(self.uow, self.caller.principal, document_id)

    @rpc
    def create_quote(self, payload: dict[str, Any]) -> dict[str, Any]:
        return app.create_quote(self.uow, self.caller.principal, parse(CreateQuote, payload))

    @rpc
    def get_quote(self, quote_id: str) -> dict[str, Any]:
        return app.get_quote(self.uow, self.caller.principal, quote_id)

    @rpc
    def issue_quote(self, quote_id: str) -> dict[str, Any]:
        return app.issue_quote(self.uow, self.caller.principal, quote_id)

    @rpc
    def create_contract(self, payload: dict[str, Any]) -> dict[str, Any]:
        return app.create_contract(self.uow, self.caller.principal, parse(CreateContract, payload))

    @rpc
    def add_attachment(self, contract_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        return app.add_attachment(self.uow, self.caller.principal, contract_id, parse(AddAttachment, payload))

    @rpc
    def sign_contract(self, contract_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        return app.sign_contract(self.uow, self.caller.principal, contract_id, parse(SignContract, payload),
                                 idempotency_key=self.caller.idempotency_key)

    @rpc
    def get_contract(self, contract_id: str) -> dict[str, Any]:
        return app.get_contract(self.uow, self.caller.principal, contract_id)

    @rpc
    def list_contracts(self, store: str | None = None, limit: int = 50, cursor: str | None = None) -> dict[str, Any]:
        return app.list_contracts(self.uow, self.caller.principal, store=store, limit=limit, cursor=cursor)

    @event_handler("sales", "lead_registered")
    def on_lead_registered(self, event: dict[str, Any]) -> None:
        app.record_lead(lambda: self.uow(event["tenant_id"]), handler="contracts.record_lead", event=event)
