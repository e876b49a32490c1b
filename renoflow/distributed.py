"""Distributed mode without Docker: nameko service processes, the gateway over nameko RPC.

``renoflow up --distributed`` provisions the databases and the bus, starts one ``nameko run``
process per service and serves the gateway in this process; ``renoflow gateway`` and
``renoflow db provision`` are the same pieces for docker compose.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from fastapi import APIRouter, FastAPI

from gateway.app import create_app
from gateway.auth.authenticator import Authenticator
from gateway.auth.directory_cache import CachedDirectory
from gateway.auth.jwks import CachedJwks, HttpJwksSource, JwksSource
from gateway.auth.tokens import TokenValidator
from gateway.directory import Directory
from gateway.uploads import UploadPolicy
from renoflow.administration import administration
from renoflow.identity.provider import EmbeddedIdentityProvider
from renoflow.identity.router import build_identity_router, login_hint, portal_auth_config
from renoflow.services import (
    DOCUMENT_OWNERS,
    MIGRATIONS,
    SERVICE_CLASSES,
    SERVICE_NAMES,
    public_operations,
    service_module,
)
from renoflow.topology import declare_topology
from shared.documents.stores import make_document_store
from shared.identity.context import CallContext, Principal
from shared.messaging.amqp import NamekoRpcClient
from shared.observability.logs import logging_config
from shared.observability.metrics import setup_metrics
from shared.observability.tracing import setup_tracing
from shared.persistence.files import open_private, private_dir, write_private
from shared.persistence.postgres import provision
from shared.settings import Settings

log = logging.getLogger(__name__)

#: The settings a service process needs, passed on as environment variables.
#: A service's own database passwords are added by :func:`child_environment`, never the others'.
CHILD_SETTINGS = ("mode", "environment", "data_dir", "database_url", "database_name_prefix", "amqp_uri",
                  "database_app_role", "database_relay_role", "database_owner_role", "database_role_prefix",
                  "documents_backend", "minio_endpoint", "minio_access_key",
                  "minio_secret_key", "minio_secure", "minio_bucket_prefix",
                  "outbox_relay_interval_seconds", "database_cooperative_waits")


def _die_with_parent() -> None:
    # A service process outliving a killed `renoflow up` would keep consuming from the queues.
    import ctypes
    import signal

    # SIGKILL: an orphan has no one to report to; its unacknowledged messages are redelivered.
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def provision_all(settings: Settings) -> int:
    """Create roles and databases, apply every migration, declare the bus topology."""
    provision(settings, list(MIGRATIONS), MIGRATIONS)
    return declare_topology(settings.amqp_uri, SERVICE_CLASSES)


def platform_context() -> CallContext:
    """The context of the platform's own calls (health checks)."""
    return CallContext(principal=Principal.system("platform"))


def readiness(rpc: NamekoRpcClient, timeout: float) -> dict[str, bool]:
    """Each service process answers its health RPC within ``timeout`` s; all are asked at once.

    In parallel, so a probe takes about ``timeout`` however many services are silent.
    """
    names = [cls.name for cls in SERVICE_CLASSES]  # type: ignore[attr-defined]

    def healthy(name: str) -> bool:
        try:
            rpc.call_within(timeout, name, "health", platform_context())
        except Exception as exc:  # readiness reports, it does not raise
            log.debug("%s not ready: %s", name, exc)
            return False
        return True

    with ThreadPoolExecutor(max_workers=len(names), thread_name_prefix="readyz") as pool:
        return dict(zip(names, pool.map(healthy, names), strict=True))


@dataclass
class DistributedGateway:
    """The gateway of distributed mode, with the embedded identity provider unless Keycloak is set."""

    app: FastAPI
    rpc: NamekoRpcClient
    directory: Directory
    identity: EmbeddedIdentityProvider | None


def build_gateway(settings: Settings) -> DistributedGateway:
    """The FastAPI gateway calling the services over nameko RPC."""
    setup_tracing("renoflow-gateway")
    setup_metrics("renoflow-gateway")
    rpc = NamekoRpcClient(settings.amqp_uri, timeout=settings.rpc_timeout_seconds,
                          limit_per_service=settings.rpc_concurrency_per_service,
                          deadline_margin=settings.rpc_deadline_margin_seconds)
    directory = Directory(settings.service_database_url("gateway"))
    identity: EmbeddedIdentityProvider | None = None
    routers: list[APIRouter] = []
    source: JwksSource
    if settings.oidc_issuer:
        source = HttpJwksSource(f"{settings.issuer}/protocol/openid-connect/certs")
    else:
        private_dir(settings.data_dir)
        identity = EmbeddedIdentityProvider(settings)
        routers.append(build_identity_router(identity, hint=login_hint(settings)))
        source = identity
    validator = TokenValidator(settings.issuer, settings.oidc_audience,
                               CachedJwks(source, settings.jwks_cache_seconds), client_id=settings.oidc_client_id)
    app = create_app(rpc=rpc, authenticator=Authenticator(validator, CachedDirectory(directory)),
                     readiness=lambda: readiness(rpc, settings.readiness_timeout_seconds), extra_routers=routers,
                     documents={name: make_document_store(settings, name) for name in SERVICE_NAMES},
                     uploads=UploadPolicy.from_settings(settings), operations=public_operations(),
                     document_owners=DOCUMENT_OWNERS,
                     admin=administration(settings, directory, rpc, identity), tenant_data_services=SERVICE_NAMES,
                     portal_auth=portal_auth_config(settings, served_here=identity is not None))
    return DistributedGateway(app=app, rpc=rpc, directory=directory, identity=identity)


def child_environment(settings: Settings, extra: dict[str, str] | None = None, *,
                      service: str | None = None) -> dict[str, str]:
    """The environment of a service process: ours plus the settings it must share.

    Of the database passwords it gets only ``service``'s own pair (decision 0041), under the two
    names a process reads for its own service; every other service's are left out.
    """
    env = {k: v for k, v in os.environ.items()
           if not k.upper().startswith(("RENOFLOW_DATABASE_PASSWORDS", "RENOFLOW_DATABASE_APP_PASSWORD",
                                        "RENOFLOW_DATABASE_RELAY_PASSWORD"))}
    for name in CHILD_SETTINGS:
        value: Any = getattr(settings, name)
        if value is not None:
            env[f"RENOFLOW_{name.upper()}"] = str(value).lower() if isinstance(value, bool) else str(value)
    if service is not None:
        env["RENOFLOW_DATABASE_APP_PASSWORD"] = settings.database_password(service, "app")
        env["RENOFLOW_DATABASE_RELAY_PASSWORD"] = settings.database_password(service, "relay")
    env["RENOFLOW_MODE"] = "distributed"
    env.update(extra or {})
    return env


def nameko_config(settings: Settings, path: Path) -> Path:
    """Write the nameko configuration the service processes start with."""
    # 0600: the broker URI in it carries the broker's password.
    private_dir(path.parent)
    write_private(path, yaml.safe_dump({
        "AMQP_URI": settings.amqp_uri,
        "max_workers": 10,
        "LOGGING": logging_config(),
    }))
    return path


def restart_delay(crashes: int, first: float, maximum: float) -> float:
    """Seconds before restarting a service after its ``crashes``-th crash in a row.

    ``first``, twice that, four times … never more than ``maximum``.
    """
    return min(maximum, first * 2 ** min(max(crashes - 1, 0), 64))


@dataclass
class ServiceProcesses:
    """``replicas`` ``nameko run`` processes per service; restartable one at a time.

    A process is named after its service (``contracts``) with one replica, or after its service
    and number (``contracts-1``, ``contracts-2`` …) with more; :meth:`start` and :meth:`kill` take
    such a name (:meth:`start` also a service's, for all its replicas).

    :meth:`supervise` restarts a process that exited on its own, with back-off; :meth:`kill` and
    :meth:`stop` end processes on purpose, which the supervisor leaves alone.
    """

    settings: Settings
    log_dir: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    #: Processes per service: one number for all, or per service name (1 for those not named).
    replicas: int | Mapping[str, int] = 1
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _supervisor: threading.Thread | None = field(default=None, repr=False)
    _stopping: threading.Event = field(default_factory=threading.Event, repr=False)
    _reaped: threading.Event = field(default_factory=threading.Event, repr=False)
    _started_at: dict[str, float] = field(default_factory=dict, repr=False)
    _crashes: dict[str, int] = field(default_factory=dict, repr=False)
    _restart_due: dict[str, float] = field(default_factory=dict, repr=False)

    def process_names(self, service: str) -> list[str]:
        """The names of a service's processes: ``contracts``, or ``contracts-1`` … ``contracts-N``."""
        count = self.replicas if isinstance(self.replicas, int) else self.replicas.get(service, 1)
        if count <= 1:
            return [service]
        return [f"{service}-{n}" for n in range(1, count + 1)]

    def start(self, name: str | None = None) -> None:
        """Start every service's processes (or one service's, or one process by its name)."""
        with self._lock:
            for cls in SERVICE_CLASSES:
                service = cls.name  # type: ignore[attr-defined]
                for process in self.process_names(service):
                    if name in (None, service, process):
                        self._spawn(process)

    def _service_of(self, name: str) -> str:
        services = {c.name for c in SERVICE_CLASSES}  # type: ignore[attr-defined]
        if name in services:
            return name
        service, _, number = name.rpartition("-")
        if service not in services or not number.isdigit():
            raise KeyError(f"no service process named {name!r}")
        return service

    def _spawn(self, name: str) -> None:
        service = self._service_of(name)
        config = nameko_config(self.settings, self.settings.data_dir / "nameko.yaml")
        nameko = Path(sys.executable).parent / "nameko"
        private_dir(self.log_dir)
        cls = next(c for c in SERVICE_CLASSES if c.name == service)  # type: ignore[attr-defined]
        log_file = open_private(self.log_dir / f"{name}.log")
        # process_group=0: a Ctrl-C in the terminal reaches only `renoflow up`, which stops the
        # services itself, instead of killing them under a supervisor that would restart them.
        env = child_environment(self.settings, self.extra_env, service=service)
        self.processes[name] = subprocess.Popen(
            [str(nameko), "run", "--config", str(config), service_module(cls)],
            env=env, stdout=log_file, stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None, process_group=0,
        )
        log_file.close()  # the child holds its own copy
        self._started_at[name] = time.monotonic()
        self._restart_due.pop(name, None)

    def kill(self, name: str) -> None:
        """Kill one process (by its name) at once (a crash on purpose, for reliability tests): no restart."""
        with self._lock:
            proc = self.processes.pop(name)
            self._restart_due.pop(name, None)
            proc.kill()
        proc.wait(timeout=10)

    def supervise(self, interval: float = 0.5) -> None:
        """Restart, from now on, any process that exits unless :meth:`kill` or :meth:`stop` ended it.

        The delay grows with crashes in a row (:func:`restart_delay`). A restarted process is
        tied to the supervisor's thread (``PR_SET_PDEATHSIG`` follows the thread that started
        it), so the thread lives until :meth:`stop` has reaped every process.
        """
        with self._lock:
            if self._supervisor is not None:
                return
            self._stopping.clear()
            self._reaped.clear()
            self._supervisor = threading.Thread(target=self._supervise, args=(interval,),
                                                name="service-supervisor", daemon=True)
            self._supervisor.start()

    def _supervise(self, interval: float) -> None:
        while not self._stopping.wait(interval):
            try:
                self.tend(time.monotonic())
            except Exception:  # the supervisor must outlive one failed restart
                log.exception("could not restart a service process")
        self._reaped.wait()

    def tend(self, now: float) -> None:
        """One round of the supervisor: note processes that exited, restart those whose delay is over."""
        first = self.settings.service_restart_backoff_seconds
        maximum = self.settings.service_restart_backoff_max_seconds
        with self._lock:
            if self._stopping.is_set():
                return
            for name, proc in list(self.processes.items()):
                code = proc.poll()
                if code is None:
                    continue
                due = self._restart_due.get(name)
                if due is None:
                    # A process that ran as long as the longest delay was stable: start the count anew.
                    ran = now - self._started_at.get(name, now)
                    crashes = 1 if ran >= maximum else self._crashes.get(name, 0) + 1
                    self._crashes[name] = crashes
                    delay = restart_delay(crashes, first, maximum)
                    self._restart_due[name] = now + delay
                    log.warning("service %s exited with code %s after %.0f s; restarting it in %g s "
                                "(crash %d in a row)", name, code, ran, delay, crashes)
                elif now >= due:
                    self._spawn(name)
                    log.warning("service %s restarted (pid %d)", name, self.processes[name].pid)

    def stop(self) -> None:
        """Stop every process: SIGTERM, then SIGKILL after a grace period; the supervisor first."""
        self._stopping.set()  # no restart from here on; tend() checks it under the lock
        with self._lock:
            processes = list(self.processes.values())
            self.processes.clear()
            self._restart_due.clear()
        for proc in processes:
            proc.terminate()
        deadline = time.monotonic() + 15
        for proc in processes:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        self._reaped.set()
        supervisor, self._supervisor = self._supervisor, None
        if supervisor is not None:
            supervisor.join(timeout=10)

    def wait_ready(self, timeout: float = 90) -> None:
        """Block until every service answers its health RPC."""
        rpc = NamekoRpcClient(self.settings.amqp_uri, timeout=2, limit_per_service=2)
        deadline = time.monotonic() + timeout
        while True:
            checks = readiness(rpc, 2)
            if all(checks.values()):
                rpc.close()
                return
            with self._lock:
                dead = [n for n, p in self.processes.items() if p.poll() is not None]
            if dead or time.monotonic() > deadline:
                rpc.close()
                raise RuntimeError(f"services not ready: {checks}; exited: {dead}; logs in {self.log_dir}")
            time.sleep(0.5)
