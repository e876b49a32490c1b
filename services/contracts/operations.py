"""The contracts service's operations and the events it consumes, each declared once.

The nameko class (``service.py``) and the gateway's routes are generated from these tables.
Operations without a route are called by the platform only: onboarding (``renoflow/onboarding.py``)
and the four calls around a file the gateway streams by hand (``gateway/routes/contracts.py``).
"""

from __future__ import annotations

from services.contracts.application import contracts, documents, leads, onboarding, quotes
from services.contracts.commands import (
    AddAttachment,
    AllotDocument,
    ApproveSpecialItem,
    CancelContract,
    ContractRef,
    CreateContract,
    CreateQuote,
    DocumentRef,
    ListCatalogue,
    ListContracts,
    ListQuotes,
    QuoteRef,
    RecordDocument,
    RegisterStore,
    SeedCatalogue,
    SignContract,
)
from services.contracts.domain.events import LeadRegisteredView
from services.contracts.results import (
    AttachmentAdded,
    CatalogueRead,
    CatalogueSeeded,
    ContractPage,
    ContractRead,
    DocumentAbandoned,
    DocumentAllotted,
    DocumentContent,
    DocumentRead,
    QuotePage,
    QuoteRead,
    StoreRegistered,
)
from shared.messaging.consumers import Consumer
from shared.messaging.operations import Operation, Route

CONTRACT = "/contracts/{contract_id}"

OPERATIONS = (
    Operation(onboarding.register_store, RegisterStore, StoreRegistered),
    Operation(onboarding.seed_catalogue, SeedCatalogue, CatalogueSeeded),
    Operation(onboarding.list_catalogue, ListCatalogue, CatalogueRead, Route("GET", "/catalogue")),
    Operation(documents.allot_document, AllotDocument, DocumentAllotted),
    Operation(documents.record_document, RecordDocument, DocumentRead),
    Operation(documents.abandon_document, DocumentRef, DocumentAbandoned),
    Operation(documents.document_content, DocumentRef, DocumentContent),
    Operation(documents.get_document, DocumentRef, DocumentRead, Route("GET", "/documents/{document_id}")),
    Operation(quotes.create_quote, CreateQuote, QuoteRead, Route("POST", "/quotes", status=201)),
    Operation(quotes.list_quotes, ListQuotes, QuotePage,
              Route("GET", "/quotes", query=("store", "status", "special_items", "limit", "cursor"))),
    Operation(quotes.get_quote, QuoteRef, QuoteRead, Route("GET", "/quotes/{quote_id}")),
    Operation(quotes.issue_quote, QuoteRef, QuoteRead, Route("POST", "/quotes/{quote_id}/issue")),
    Operation(quotes.approve_special_item, ApproveSpecialItem, QuoteRead,
              Route("POST", "/quotes/{quote_id}/special-items/{line}/approve")),
    Operation(contracts.create_contract, CreateContract, ContractRead, Route("POST", "/contracts", status=201)),
    Operation(contracts.list_contracts, ListContracts, ContractPage,
              Route("GET", "/contracts", query=("store", "status", "limit", "cursor"))),
    Operation(contracts.get_contract, ContractRef, ContractRead, Route("GET", CONTRACT)),
    Operation(contracts.add_attachment, AddAttachment, AttachmentAdded,
              Route("POST", f"{CONTRACT}/attachments", status=201)),
    Operation(contracts.cancel_contract, CancelContract, ContractRead, Route("POST", f"{CONTRACT}/cancel")),
    Operation(contracts.sign_contract, SignContract, ContractRead, Route("POST", f"{CONTRACT}/sign")),
)

EVENT_HANDLERS = (
    Consumer("sales", "lead_registered", LeadRegisteredView, leads.record_lead),
)

from services.contracts.tenant_data import OPERATIONS as TENANT_DATA  # noqa: E402 - kept apart from the table above

OPERATIONS += TENANT_DATA

from services.contracts.adapters.orm import TENANT_SETTINGS  # noqa: E402
from shared.tenant_settings import tenant_settings_operation  # noqa: E402

OPERATIONS += (tenant_settings_operation(TENANT_SETTINGS),)
