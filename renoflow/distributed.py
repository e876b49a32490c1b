"""Distributed mode without Docker: nameko service processes, the gateway over nameko RPC.

``renoflow up --distributed`` provisions the databases and the bus, starts one ``nameko run``
process per service and serves the gateway in this process; ``renoflow gateway`` and
``renoflow db provision`` are the same pieces for docker compose.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
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
from renoflow.identity.provider import EmbeddedIdentityProvider
from renoflow.identity.router import build_identity_router
from renoflow.openapi import document_request_bodies
from renoflow.services import MIGRATIONS, SERVICE_CLASSES, service_module
from renoflow.topology import declare_topology
from shared.amqp import NamekoRpcClient
from shared.context import CallContext, Principal
from shared.document_stores import make_document_store
from shared.errors import DomainError
from shared.files import open_private, private_dir, write_private
from shared.logs import logging_config
from shared.postgres import provision
from shared.settings import Settings
from shared.tracing import setup_tracing

#: The settings a service process needs, passed on as environment variables.
CHILD_SETTINGS = ("mode", "environment", "data_dir", "database_url", "database_name_prefix", "amqp_uri",
                  "database_app_role", "database_relay_role", "database_owner_role", "database_app_password",
                  "database_relay_password", "documents_backend", "minio_endpoint", "minio_access_key",
                  "minio_secret_key", "minio_secure", "minio_bucket_prefix")


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


def readiness(rpc: NamekoRpcClient) -> dict[str, bool]:
    """Each service process answers its health RPC."""
    checks: dict[str, bool] = {}
    for cls in SERVICE_CLASSES:
        name = cls.name  # type: ignore[attr-defined]
        try:
            rpc.call(name, "health", platform_context())
            checks[name] = True
        except DomainError:
            checks[name] = False
    return checks


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
    rpc = NamekoRpcClient(settings.amqp_uri, timeout=settings.rpc_timeout_seconds)
    directory = Directory(settings.service_database_url("gateway"))
    identity: EmbeddedIdentityProvider | None = None
    routers: list[APIRouter] = []
    source: JwksSource
    if settings.oidc_issuer:
        source = HttpJwksSource(f"{settings.issuer}/protocol/openid-connect/certs")
    else:
        private_dir(settings.data_dir)
        identity = EmbeddedIdentityProvider(settings)
        routers.append(build_identity_router(identity))
        source = identity
    validator = TokenValidator(settings.issuer, settings.oidc_audience,
                               CachedJwks(source, settings.jwks_cache_seconds), client_id=settings.oidc_client_id)
    app = create_app(rpc=rpc, authenticator=Authenticator(validator, CachedDirectory(directory)),
                     readiness=lambda: readiness(rpc), extra_routers=routers,
                     documents={"contracts": make_document_store(settings, "contracts")},
                     uploads=UploadPolicy.from_settings(settings))
    document_request_bodies(app)
    return DistributedGateway(app=app, rpc=rpc, directory=directory, identity=identity)


def child_environment(settings: Settings, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a service process: ours plus the settings it must share."""
    env = dict(os.environ)
    for name in CHILD_SETTINGS:
        value: Any = getattr(settings, name)
        if value is not None:
            env[f"RENOFLOW_{name.upper()}"] = str(value).lower() if isinstance(value, bool) else str(value)
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


@dataclass
class ServiceProcesses:
    """One ``nameko run`` process per service; restartable one at a time."""

    settings: Settings
    log_dir: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self, name: str | None = None) -> None:
        """Start every service (or one)."""
        config = nameko_config(self.settings, self.settings.data_dir / "nameko.yaml")
        nameko = Path(sys.executable).parent / "nameko"
        private_dir(self.log_dir)
        for cls in SERVICE_CLASSES:
            service = cls.name  # type: ignore[attr-defined]
            if name not in (None, service):
                continue
            log = open_private(self.log_dir / f"{service}.log")
            self.processes[service] = subprocess.Popen(
                [str(nameko), "run", "--config", str(config), service_module(cls)],
                env=child_environment(self.settings, self.extra_env), stdout=log, stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )

    def kill(self, name: str) -> None:
        """Kill one service process at once (a crash, for reliability tests)."""
        proc = self.processes.pop(name)
        proc.kill()
        proc.wait(timeout=10)

    def stop(self) -> None:
        """Stop every process: SIGTERM, then SIGKILL after a grace period."""
        for proc in self.processes.values():
            proc.terminate()
        deadline = time.monotonic() + 15
        for proc in self.processes.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
        self.processes.clear()

    def wait_ready(self, timeout: float = 90) -> None:
        """Block until every service answers its health RPC."""
        rpc = NamekoRpcClient(self.settings.amqp_uri, timeout=2, pool_size=2)
        deadline = time.monotonic() + timeout
        while True:
            checks = readiness(rpc)
            if all(checks.values()):
                rpc.close()
                return
            dead = [n for n, p in self.processes.items() if p.poll() is not None]
            if dead or time.monotonic() > deadline:
                rpc.close()
                raise RuntimeError(f"services not ready: {checks}; exited: {dead}; logs in {self.log_dir}")
            time.sleep(0.5)
