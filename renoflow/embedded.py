"""Embedded mode: every service, the gateway and the identity provider in one process.

SQLite files and documents under the data directory, events through the in-process bus fed by the
same outbox tables, the services' timers on a scheduler thread, and the built-in identity provider
on the same port (architecture.md).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from sqlalchemy import text

from gateway.app import create_app
from gateway.auth.authenticator import Authenticator
from gateway.auth.directory_cache import CachedDirectory
from gateway.auth.jwks import CachedJwks
from gateway.auth.tokens import TokenValidator
from gateway.directory import Directory
from gateway.uploads import UploadPolicy
from renoflow.administration import administration
from renoflow.identity.provider import EmbeddedIdentityProvider
from renoflow.identity.router import build_identity_router, login_hint, portal_auth_config
from renoflow.services import DOCUMENT_OWNERS, SERVICE_CLASSES, SERVICE_NAMES, public_operations
from shared.messaging.inprocess import InProcessServices
from shared.messaging.outbox import OutboxRelay
from shared.observability.metrics import setup_metrics
from shared.observability.tracing import setup_tracing
from shared.persistence.files import private_dir
from shared.persistence.migrations import upgrade
from shared.settings import Settings

log = logging.getLogger(__name__)


class LocalJwks:
    """The embedded provider's key set, read without an HTTP round trip to ourselves."""

    def __init__(self, provider: EmbeddedIdentityProvider) -> None:
        self.provider = provider

    def fetch(self) -> dict[str, Any]:
        """The current JWKS document."""
        return self.provider.jwks()


@dataclass
class EmbeddedPlatform:
    """One process holding the whole platform; build it with :func:`build_platform`."""

    settings: Settings
    services: InProcessServices
    relays: list[OutboxRelay]
    directory: Directory
    identity: EmbeddedIdentityProvider
    app: FastAPI
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def readiness(self) -> dict[str, bool]:
        """Each service database answers a query."""
        checks: dict[str, bool] = {}
        for name, res in self.services.resources.items():
            try:
                with res.db.engine.connect() as conn:
                    conn.execute(text("SELECT 1"))
                checks[name] = True
            except Exception:  # readiness reports, it does not raise
                checks[name] = False
        return checks

    def relay_all(self) -> int:
        """Publish every service's pending events (also runs after each commit)."""
        return sum(relay.publish_pending() for relay in self.relays)

    def start_relay_thread(self, interval: float = 2.0) -> None:
        """Retry undelivered events in the background (after a crash or a failing handler)."""
        def loop() -> None:
            while not self._stop.wait(interval):
                try:
                    self.relay_all()
                except Exception:
                    log.exception("outbox relay pass failed")

        self._start(loop, "outbox-relay")

    def run_due_timers(self, now: float | None = None) -> list[str]:
        """One scheduler tick: run the services' timer entrypoints that are due (A06 escalation…).

        The same ``@timer`` methods nameko runs in distributed mode; the outbox relay timer is not
        among them (here events go out after each commit, and the relay thread retries).
        """
        return self.services.run_due_timers(now)

    def start_timer_thread(self, tick: float = 1.0) -> None:
        """Run the services' timers in the background, checking every ``tick`` seconds which are due."""
        def loop() -> None:
            while not self._stop.wait(tick):
                try:
                    self.run_due_timers()
                except Exception:  # a timer's own failures are swallowed by its wrapper; this is the rest
                    log.exception("timer tick failed")

        self._start(loop, "service-timers")

    def _start(self, loop: Any, name: str) -> None:
        thread = threading.Thread(target=loop, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def close(self) -> None:
        """Stop the relay and timer threads and close every database."""
        self._stop.set()
        for thread in self._threads:  # a pass under way finishes before its database closes
            thread.join(timeout=30)
        for res in self.services.resources.values():
            res.db.dispose()
        self.directory.dispose()


def build_platform(settings: Settings) -> EmbeddedPlatform:
    """Create (or open) the data directory, migrate every database and wire the application."""
    private_dir(settings.data_dir)
    setup_tracing(settings.otel_service_name)
    setup_metrics(settings.otel_service_name)
    services = InProcessServices()
    relays: list[OutboxRelay] = []
    for service_cls in SERVICE_CLASSES:
        resources = service_cls.build_resources(settings)  # type: ignore[attr-defined]
        upgrade(resources.migrations, resources.db.url)
        services.register(service_cls, resources)
        relay = OutboxRelay(resources.db, resources.tables, services, service=resources.service)
        resources.db.on_commit(relay.publish_pending)
        relays.append(relay)
    directory = Directory(f"sqlite:///{(settings.data_dir / 'gateway.db').resolve()}")
    directory.ensure_schema()
    identity = EmbeddedIdentityProvider(settings)
    validator = TokenValidator(settings.issuer, settings.oidc_audience,
                               CachedJwks(LocalJwks(identity), settings.jwks_cache_seconds),
                               client_id=settings.oidc_client_id)
    holder: dict[str, EmbeddedPlatform] = {}
    app = create_app(rpc=services, authenticator=Authenticator(validator, CachedDirectory(directory)),
                     readiness=lambda: holder["platform"].readiness(),
                     extra_routers=[build_identity_router(identity, hint=login_hint(settings))],
                     documents={name: res.documents for name, res in services.resources.items()},
                     uploads=UploadPolicy.from_settings(settings), operations=public_operations(),
                     document_owners=DOCUMENT_OWNERS,
                     admin=administration(settings, directory, services, identity),
                     tenant_data_services=SERVICE_NAMES,
                     portal_auth=portal_auth_config(settings, served_here=True))
    platform = EmbeddedPlatform(settings=settings, services=services, relays=relays, directory=directory,
                                identity=identity, app=app)
    holder["platform"] = platform
    return platform
