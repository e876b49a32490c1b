"""Embedded mode's adapters: RPC calls and event delivery inside one process.

They call the same nameko service classes that ``nameko run`` hosts in distributed mode, building
each entrypoint's dependencies per call as nameko builds them per worker. Arguments, answers and
errors go through JSON, as they would on the wire, so the two modes answer alike. The platform's
timer entrypoints (:func:`shared.messaging.nameko_support.timer`) run here too, when
:meth:`InProcessServices.run_due_timers` is called (embedded mode's timer thread calls it).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any

from nameko.events import EventHandler
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR
from nameko.rpc import Rpc
from opentelemetry.trace import SpanKind

from shared.errors import DomainError, NotFound, error_from_wire
from shared.identity.context import CallContext, refuse_if_expired
from shared.messaging.service_kit import PlatformDependency, ServiceResources, system_context
from shared.messaging.timers import timer_interval
from shared.observability.logs import current_tenant
from shared.observability.tracing import continued_span

log = logging.getLogger(__name__)


def _entrypoints(method: Any) -> set[Any]:
    return set(getattr(method, ENTRYPOINT_EXTENSIONS_ATTR, ()))


class InProcessServices:
    """The services of one embedded process: an :class:`RpcClient` and an :class:`EventPublisher`."""

    def __init__(self) -> None:
        self._services: dict[str, tuple[type, ServiceResources]] = {}
        self._next_runs: dict[tuple[str, str], float] = {}
        self._timer_lock = threading.Lock()

    def register(self, service_cls: type, resources: ServiceResources) -> None:
        """Host ``service_cls`` (a nameko service class) with its resources."""
        self._services[service_cls.name] = (service_cls, resources)  # type: ignore[attr-defined]

    @property
    def resources(self) -> dict[str, ServiceResources]:
        """Each hosted service's resources, by service name."""
        return {name: res for name, (_cls, res) in self._services.items()}

    def _worker(self, service_cls: type, resources: ServiceResources, data: dict[str, Any]) -> Any:
        worker = service_cls()
        for attr, dep in vars(service_cls).items():
            if isinstance(dep, PlatformDependency):
                setattr(worker, attr, dep.build(resources, data))
        return worker

    def call(self, service: str, method: str, context: CallContext, /, **kwargs: Any) -> Any:
        """Call an ``@rpc`` entrypoint as the gateway would over nameko."""
        if service not in self._services:
            raise NotFound(f"no service {service}")
        service_cls, resources = self._services[service]
        fn = getattr(service_cls, method, None)
        if fn is None or not any(isinstance(e, Rpc) for e in _entrypoints(fn)):
            raise NotFound(f"no method {service}.{method}")
        # Synchronous here, so only a context that arrived already late trips it; the same check as
        # over nameko keeps the two modes' answers alike.
        refuse_if_expired(context.deadline, f"{service}.{method}")
        args = json.loads(json.dumps(kwargs))
        with continued_span(f"{service}.{method}", context.trace, kind=SpanKind.SERVER,
                            **{"rpc.system": "inprocess", "rpc.service": service, "rpc.method": method}):
            worker = self._worker(service_cls, resources, context.to_data())
            token = current_tenant.set(context.principal.tenant_id)
            try:
                result = fn(worker, **args)
            except DomainError as exc:
                raise error_from_wire(exc.to_wire()) from None
            finally:
                current_tenant.reset(token)
        return json.loads(json.dumps(result))

    def publish(self, source_service: str, event_type: str, payload: dict[str, Any]) -> None:
        """Deliver an event to every ``@event_handler(source_service, event_type)``.

        A handler's failure propagates, so the outbox relay keeps the event and retries it;
        handlers that already succeeded skip it on redelivery through their inbox.
        """
        message = json.loads(json.dumps(payload))
        data = system_context(message["tenant_id"], message.get("trace")).to_data()
        for service_cls, resources in self._services.values():
            for attr, fn in vars(service_cls).items():
                for ep in _entrypoints(fn):
                    if isinstance(ep, EventHandler) and (ep.source_service, ep.event_type) == (
                        source_service, event_type
                    ):
                        with continued_span(
                            f"{service_cls.name}.{attr}", message.get("trace"),  # type: ignore[attr-defined]
                            kind=SpanKind.CONSUMER, **{"messaging.operation": "process",
                                                       "messaging.destination.name": event_type},
                        ):
                            token = current_tenant.set(message["tenant_id"])
                            try:
                                getattr(self._worker(service_cls, resources, data), attr)(message)
                            finally:
                                current_tenant.reset(token)

    def timers(self) -> list[tuple[str, str, float]]:
        """Every platform timer entrypoint of the hosted classes: (service, method, interval in seconds).

        Only methods marked by :func:`~shared.messaging.nameko_support.timer`; the outbox relay's
        bare nameko timer is not one (embedded mode publishes after each commit, and its relay
        thread retries what failed).
        """
        found = []
        for name, (service_cls, _res) in self._services.items():
            for klass in reversed(service_cls.__mro__):
                for attr, fn in vars(klass).items():
                    interval = timer_interval(fn)
                    if interval is not None:
                        found.append((name, attr, interval))
        return sorted(set(found))

    def run_timer(self, service: str, method: str) -> None:
        """Run one timer entrypoint once, on a worker without a caller (as nameko runs a timer)."""
        service_cls, resources = self._services[service]
        getattr(self._worker(service_cls, resources, {}), method)()

    def run_due_timers(self, now: float | None = None) -> list[str]:
        """Run every timer whose interval has passed since its last run (``now``: monotonic seconds).

        A timer first runs one interval after the first call, as nameko's does after start-up;
        the platform's wrapper has already logged and swallowed a run's failure. Returns
        ``service.method`` of each timer run. Runs are serialised: one sweep at a time.
        """
        moment = time.monotonic() if now is None else now
        ran = []
        with self._timer_lock:
            for service, method, interval in self.timers():
                key = (service, method)
                due = self._next_runs.setdefault(key, moment + interval)
                if moment < due:
                    continue
                self._next_runs[key] = moment + interval
                self.run_timer(service, method)
                ran.append(f"{service}.{method}")
        return ran
