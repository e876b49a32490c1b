"""The operator's side of tenants (``renoflow tenants …``), in either run mode.

Embedded mode opens the data directory's databases (and, to register stores, the in-process
services); distributed mode the gateway's database, the services over RPC and, when configured,
Keycloak. Deletion needs no running service: it opens each service's database itself and runs
that service's own ``delete_tenant_data`` operation inside the tenant (row-level security holds).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from gateway.admin.service import TenantAdministration
from gateway.directory import Directory
from renoflow.administration import administration, identity_admin
from renoflow.services import SERVICE_CLASSES
from shared.documents.store import TenantDocuments
from shared.errors import NotFound, Unavailable
from shared.identity.context import Principal
from shared.persistence.files import private_dir
from shared.persistence.migrations import upgrade
from shared.settings import Settings


def open_directory(settings: Settings) -> Directory:
    """The gateway's directory: the data directory's SQLite file, or the gateway's PostgreSQL database."""
    if settings.mode == "embedded":
        private_dir(settings.data_dir)
        directory = Directory(f"sqlite:///{(settings.data_dir / 'gateway.db').resolve()}")
        directory.ensure_schema()
        return directory
    return Directory(settings.service_database_url("gateway"))


@contextmanager
def operator_administration(settings: Settings, *, services: bool = True) -> Iterator[TenantAdministration]:
    """Tenant administration for an operator; with ``services`` new stores reach the services too."""
    if settings.mode == "embedded" and services:
        from renoflow.embedded import build_platform

        platform = build_platform(settings)
        try:
            admin = administration(settings, platform.directory, platform.services, platform.identity)
            if admin is None:
                raise Unavailable("no identity provider to administer")
            yield admin
        finally:
            platform.close()
        return
    directory = open_directory(settings)
    rpc = None
    if services:
        from shared.messaging.amqp import NamekoRpcClient

        rpc = NamekoRpcClient(settings.amqp_uri, timeout=settings.rpc_timeout_seconds)
    try:
        admin = administration(settings, directory, rpc)
        if admin is None:
            raise Unavailable("an external issuer is set but no Keycloak admin client (RENOFLOW_KEYCLOAK_URL)")
        yield admin
    finally:
        if rpc is not None:
            rpc.close()
        directory.dispose()


def delete_tenant(settings: Settings, tenant_id: str) -> dict[str, dict[str, int]]:
    """Delete the tenant everywhere; rows (or documents, accounts) removed, by place and table.

    The identity provider goes first (no new sign-ins), then the directory (no token of the
    tenant is accepted), then each service's rows in one transaction per database, then its
    documents. A tenant unknown to the directory and to every database is NotFound.
    """
    report: dict[str, dict[str, int]] = {}
    identity = identity_admin(settings)
    if identity is not None:
        report["identity"] = {"accounts": identity.delete_organization(tenant_id)}
    directory = open_directory(settings)
    try:
        known = directory.tenant(tenant_id) is not None
        report["gateway"] = directory.delete_tenant(tenant_id)
    finally:
        directory.dispose()
    for cls in SERVICE_CLASSES:
        resources = cls.build_resources(settings)  # type: ignore[attr-defined]
        try:
            if settings.mode == "embedded":
                upgrade(resources.migrations, resources.db.url)
            op = cls.operations["delete_tenant_data"]  # type: ignore[attr-defined]
            answer = op.run({}, {"uow": resources.uow_factory(tenant_id), "principal": Principal.system(tenant_id)})
            report[resources.service] = answer["deleted"]
            store = resources.documents
            if isinstance(store, TenantDocuments):
                report[resources.service]["documents"] = store.remove_tenant(tenant_id)
        finally:
            resources.db.dispose()
    if not known and not any(any(counts.values()) for counts in report.values()):
        raise NotFound(f"tenant {tenant_id!r} not found", field="tenant_id")
    return report
