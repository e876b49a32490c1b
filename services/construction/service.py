"""The construction service's nameko class: its entrypoints come from ``operations.py``."""

from __future__ import annotations

from services.construction.bootstrap import build_resources
from services.construction.operations import EVENT_HANDLERS, OPERATIONS
from shared.messaging.consumers import consumes
from shared.messaging.nameko_support import PlatformService
from shared.messaging.operations import serves
from shared.messaging.service_kit import CallerProvider, DocumentsProvider, UnitOfWorkProvider


@serves(*OPERATIONS)
@consumes(*EVENT_HANDLERS)
class ConstructionService(PlatformService):
    name = "construction"
    build_resources = staticmethod(build_resources)

    uow = UnitOfWorkProvider()
    caller = CallerProvider()
    #: Signed forms' PDFs are rendered and stored here (P02).
    documents = DocumentsProvider()
