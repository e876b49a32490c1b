"""Issue 8 item 1 at the nameko providers: one set of resources per service process, and a commit
publishes its events at once (the relay's timer is only the safety net)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from nameko.containers import ServiceContainer

from services.contracts.service import ContractsService
from shared.messaging import service_kit
from shared.messaging.events import Event
from shared.messaging.nameko_support import OutboxRelayProvider
from shared.messaging.service_kit import PlatformDependency, UnitOfWorkProvider, process_resources
from shared.persistence.db import engines_made
from shared.persistence.migrations import upgrade
from shared.settings import get_settings


class Probe(Event):
    event_type = "probe_happened"
    n: int


class Broker:
    """A broker that records what it received and tells a waiting test."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.arrived = threading.Event()

    def publish(self, source_service: str, event_type: str, payload: dict[str, Any]) -> None:
        self.sent.append(payload)
        self.arrived.set()

    def close(self) -> None:
        pass


@pytest.fixture
def process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ServiceContainer]:
    """A contracts service container in a fresh "process": its settings and resources cache empty.

    The relay's safety-net timer is an hour, so only the publish after commit can deliver.
    """
    monkeypatch.setenv("RENOFLOW_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("RENOFLOW_OUTBOX_RELAY_INTERVAL_SECONDS", "3600")
    get_settings.cache_clear()
    service_kit._resources.clear()
    try:
        yield ServiceContainer(ContractsService, {"AMQP_URI": "memory://"})
    finally:
        for resources in service_kit._resources.values():
            resources.db.dispose()
        service_kit._resources.clear()
        get_settings.cache_clear()


def set_up(container: ServiceContainer) -> tuple[list[PlatformDependency], OutboxRelayProvider]:
    providers = [d for d in container.dependencies if isinstance(d, PlatformDependency)]
    relay = next(d for d in container.dependencies if isinstance(d, OutboxRelayProvider))
    for provider in [*providers, relay]:
        provider.setup()
    return providers, relay


def test_I8_the_providers_of_a_service_process_share_one_set_of_resources(process: ServiceContainer) -> None:
    before = engines_made()
    providers, relay = set_up(process)
    assert len(providers) >= 2  # uow and caller
    assert all(p.resources is process_resources(ContractsService) for p in providers)
    # One application engine for every provider, plus the relay role's (one, shared with the timers'
    # cross-tenant reads; on SQLite, without roles, that is the application's engine itself).
    resources = process_resources(ContractsService)
    assert relay.relay.db is resources.cross_tenant_db()
    assert engines_made() - before == (1 if resources.cross_tenant_db() is resources.db else 2)


def test_I8_a_commit_through_the_use_cases_unit_of_work_publishes_without_the_timer(
        process: ServiceContainer) -> None:
    providers, relay = set_up(process)
    resources = process_resources(ContractsService)
    upgrade(resources.migrations, resources.db.url)
    broker = Broker()
    relay.relay.publisher = broker  # type: ignore[assignment]
    loop = threading.Thread(target=relay._relay_loop, daemon=True)  # as start() spawns it under nameko
    loop.start()
    try:
        uow_provider = next(p for p in providers if isinstance(p, UnitOfWorkProvider))
        open_uow = uow_provider.get_dependency(type("WorkerCtx", (), {"data": {}})())
        with open_uow("tenant-a") as uow:  # what a use case is handed as ``uow``
            uow.publish(Probe(n=1))
            uow.commit()
        # The timer is an hour away: only the commit's "publish soon" can bring the event.
        assert broker.arrived.wait(60), "the commit did not trigger a publish"
        assert [m["event_type"] for m in broker.sent] == ["probe_happened"]
    finally:
        relay._stopping = True
        relay._wake.set()
        loop.join(timeout=60)
    assert not loop.is_alive()
