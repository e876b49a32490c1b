"""What a service process holds, and the nameko dependency providers that hand it to entrypoints.

A service's ``service.py`` declares ``uow = UnitOfWorkProvider()`` and ``caller = CallerProvider()``
as class attributes. Under ``nameko run`` they are real dependency providers; in embedded mode
:mod:`shared.messaging.inprocess` builds the same attributes with :meth:`PlatformDependency.build`, so both
modes run the very same entrypoint code.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nameko.extensions import DependencyProvider

from shared.documents.store import DocumentStore
from shared.documents.stores import make_document_store
from shared.identity.context import CallContext, Principal
from shared.persistence.db import ServiceDatabase
from shared.persistence.platform_tables import PlatformTables
from shared.persistence.uow import UnitOfWork
from shared.settings import Settings, get_settings

_cross_tenant_lock = threading.Lock()


@dataclass
class ServiceResources:
    """The long-lived parts of one service: its database, unit-of-work class, document store."""

    service: str
    db: ServiceDatabase
    tables: PlatformTables
    uow_class: type[UnitOfWork]
    documents: DocumentStore
    migrations: Path
    settings: Settings = field(default_factory=get_settings)
    _cross_tenant_db: ServiceDatabase | None = field(default=None, init=False, repr=False)

    @classmethod
    def build(cls, service: str, settings: Settings, *, tables: PlatformTables, uow_class: type[UnitOfWork],
              migrations: Path) -> ServiceResources:
        """A service's resources from configuration: its own database and the document store."""
        return cls(service=service, db=ServiceDatabase(service, settings.service_database_url(service)),
                   tables=tables, uow_class=uow_class, documents=make_document_store(settings, service),
                   migrations=migrations, settings=settings)

    def cross_tenant_db(self) -> ServiceDatabase:
        """The service's database as the relay role, which reads the few platform tables that
        span tenants (the outbox, a timer's list of tenants) past row-level security.

        On SQLite (embedded mode: no roles, no policies) it is :attr:`db` itself.
        """
        url = self.settings.service_relay_url(self.service)
        if url == self.db.url:
            return self.db
        with _cross_tenant_lock:
            if self._cross_tenant_db is None:
                self._cross_tenant_db = ServiceDatabase(self.service, url)
            return self._cross_tenant_db

    def uow_factory(self, tenant_id: str) -> Callable[[], UnitOfWork]:
        """A callable that opens a fresh unit of work for ``tenant_id``."""
        return lambda: self.uow_class(self.db, self.tables, tenant_id)


def context_from_data(data: dict[str, Any]) -> CallContext | None:
    """The call context in nameko context data, or None for an event without a caller.

    Over AMQP the nested values arrive as JSON text in ``nameko.*`` headers; in-process as dicts.
    """
    if not data.get("principal"):
        return None
    decoded = {k: json.loads(v) if k in ("principal", "trace") and isinstance(v, str) else v
               for k, v in data.items()}
    return CallContext.from_data(decoded)


_resources: dict[type, ServiceResources] = {}
_resources_lock = threading.Lock()


def process_resources(service_cls: type) -> ServiceResources:
    """The one :class:`ServiceResources` of a service class in this process (built on first use)."""
    with _resources_lock:
        if service_cls not in _resources:
            builder: Callable[[Settings], ServiceResources] = service_cls.build_resources  # type: ignore[attr-defined]
            _resources[service_cls] = builder(get_settings())
        return _resources[service_cls]


class PlatformDependency(DependencyProvider):  # type: ignore[misc]
    """A nameko dependency that can also be built without a nameko container."""

    resources: ServiceResources

    def setup(self) -> None:
        # Every provider of the process shares its one set of resources: one engine, and the
        # relay's publish-on-commit hook on the very database the use cases commit through.
        self.resources = process_resources(self.container.service_cls)

    def get_dependency(self, worker_ctx: Any) -> Any:
        return self.build(self.resources, dict(worker_ctx.data or {}))

    def build(self, resources: ServiceResources, data: dict[str, Any]) -> Any:
        """The value an entrypoint sees for this attribute, for one call or event."""
        raise NotImplementedError


class UnitOfWorkProvider(PlatformDependency):
    """``self.uow(tenant_id=None)`` opens a unit of work for the caller's (or the event's) tenant."""

    def build(self, resources: ServiceResources, data: dict[str, Any]) -> Callable[..., UnitOfWork]:
        ctx = context_from_data(data)

        def open_uow(tenant_id: str | None = None) -> UnitOfWork:
            tenant = tenant_id or (ctx.principal.tenant_id if ctx else None)
            if tenant is None:
                raise RuntimeError("a unit of work needs a tenant")
            return resources.uow_class(resources.db, resources.tables, tenant)

        return open_uow


class CallerProvider(PlatformDependency):
    """``self.caller`` is the :class:`CallContext` of the current RPC call."""

    def build(self, resources: ServiceResources, data: dict[str, Any]) -> CallContext | None:
        return context_from_data(data)


class CrossTenantDatabaseProvider(PlatformDependency):
    """``self.platform_db`` reads across tenants: :meth:`ServiceResources.cross_tenant_db` (for timers)."""

    def build(self, resources: ServiceResources, data: dict[str, Any]) -> ServiceDatabase:
        return resources.cross_tenant_db()


class DocumentsProvider(PlatformDependency):
    """``self.documents`` is the service's document store, for services that write documents
    themselves: the PDFs of signed forms (``shared/forms``); uploads stream through the gateway."""

    def build(self, resources: ServiceResources, data: dict[str, Any]) -> DocumentStore:
        return resources.documents


def system_context(tenant_id: str, trace: dict[str, str] | None = None) -> CallContext:
    """The context an event handler runs in: the platform itself, inside the event's tenant."""
    return CallContext(principal=Principal.system(tenant_id), trace=dict(trace or {}))
