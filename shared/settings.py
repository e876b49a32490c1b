"""One typed place for configuration, read from ``RENOFLOW_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.persistence.database_urls import role_url

SERVICES = ("sales", "contracts", "construction", "finance", "aftercare")
DEFAULT_AMQP_URI = "amqp://guest:guest@127.0.0.1:5672/"


class Settings(BaseSettings):
    """Platform settings; the same names are used by docker-compose.yml and deploy/."""

    # env_nested_delimiter: RENOFLOW_DATABASE_PASSWORDS__SALES_APP is key sales_app of
    # database_passwords (names are case-insensitive, so keys arrive in lower case).
    model_config = SettingsConfigDict(env_prefix="RENOFLOW_", extra="ignore", env_nested_delimiter="__")

    environment: Literal["development", "test", "production"] = "development"
    mode: Literal["embedded", "distributed"] = "embedded"
    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = Path("var")

    # Distributed mode: one database per service, named <prefix><service>.
    database_url: str | None = None
    database_name_prefix: str = "renoflow_"
    # Roles (shared/persistence/postgres.py, decision 0041): the owner runs migrations; each database
    # (a service's, the gateway's directory) has its own pair of login roles, the app role
    # <role prefix><service>, subject to row-level security, and the relay role
    # <role prefix><service>_relay, which bypasses it but may touch the outbox only. Setting
    # database_app_role / database_relay_role instead names one shared pair for every database
    # (the scheme before decision 0041).
    database_owner_role: str = "renoflow_owner"
    database_role_prefix: str = "renoflow_"
    database_app_role: str | None = None
    database_relay_role: str | None = None
    database_owner_password: str = Field(default="", repr=False)
    # The passwords of this process's own pair: a service process (or the gateway) connects to its
    # own database only, so these two names are all it reads.
    database_app_password: str = Field(default="", repr=False)
    database_relay_password: str = Field(default="", repr=False)
    # Every pair's password, for the provisioner: RENOFLOW_DATABASE_PASSWORDS__SALES_APP,
    # …__SALES_RELAY, …__GATEWAY_APP (keys <service>_app, <service>_relay). A pair missing here
    # falls back to the two names above. Empty passwords suit trust or peer authentication on a
    # development machine.
    database_passwords: dict[str, str] = Field(default_factory=dict, repr=False)
    amqp_uri: str = DEFAULT_AMQP_URI
    rpc_timeout_seconds: float = 10.0
    # A bulkhead per service: the gateway's concurrent calls to one service; more wait for a slot
    # within their timeout, and a hung service holds only its own slots.
    rpc_concurrency_per_service: int = Field(default=8, ge=1)
    # A service starts a call only while this much of the caller's budget is left: room for clock
    # skew between hosts and for the use case itself (at most a quarter of the budget is kept).
    rpc_deadline_margin_seconds: float = Field(default=1.0, ge=0)
    # /readyz asks every service in parallel and counts one silent this long as not ready.
    readiness_timeout_seconds: float = Field(default=2.0, gt=0)
    # `renoflow up --distributed` restarts a crashed service after 1 s, 2 s, 4 s … up to the maximum;
    # a process that ran for the maximum counts as stable and starts again at the first delay.
    service_restart_backoff_seconds: float = Field(default=1.0, gt=0)
    service_restart_backoff_max_seconds: float = Field(default=30.0, gt=0)
    # A service process publishes its outbox right after each commit; this timer is the safety net
    # (events of a failed publish, of a commit in another process, of a crash before the publish).
    outbox_relay_interval_seconds: float = Field(default=1.0, gt=0)
    # Under eventlet (service processes), wait for PostgreSQL cooperatively so one query does not
    # stall the process's other workers. Off: measured slower for signings on a 2-core machine,
    # where it multiplies lock waits on the contract counter (decision 0018, docs/performance.md).
    database_cooperative_waits: bool = False

    # Identity: the issuer the gateway trusts. Empty means the embedded provider on host:port.
    oidc_issuer: str | None = None
    oidc_audience: str = "renoflow-api"
    oidc_client_id: str = "renoflow-web"
    oidc_realm: str = "renoflow"
    # The portal's exact redirect URIs for the embedded provider's authorization-code flow; empty
    # means the gateway's own address (http://host:port/, localhost and 127.0.0.1 alike on loopback).
    oidc_redirect_uris: list[str] = []
    jwks_cache_seconds: int = 300
    # Tenant administration against Keycloak's admin REST API (decision 0030): set keycloak_url
    # and a confidential client with a service account holding realm-management's manage-users,
    # view-users and manage-realm (organizations); unset, the embedded provider's users are used.
    keycloak_url: str | None = None
    keycloak_realm: str | None = None  # default: oidc_realm
    keycloak_admin_client_id: str = "renoflow-admin"
    keycloak_admin_client_secret: str | None = None
    keycloak_timeout_seconds: int = Field(default=10, ge=1, le=120)
    access_token_minutes: int = 30
    # Brute-force protection of the embedded provider's password grant, named and computed as
    # Keycloak's realm settings (deploy/keycloak/generate_realm.py sets the same values): every
    # full `failure_factor` consecutive failures lock the user for `wait_increment` more seconds,
    # at most `max_failure_wait`; failures older than `max_delta_time` are forgotten.
    brute_force_failure_factor: int = Field(default=10, ge=1)
    brute_force_wait_increment_seconds: int = Field(default=60, ge=1)
    brute_force_max_failure_wait_seconds: int = Field(default=900, ge=1)
    brute_force_max_delta_time_seconds: int = Field(default=43200, ge=1)

    # Notifications by e-mail (services/notifications): off while no SMTP host is set.
    smtp_host: str | None = None
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_sender: str = "renoflow@localhost"
    smtp_username: str = ""
    smtp_password: str = Field(default="", repr=False)
    smtp_starttls: bool = False

    documents_backend: Literal["folder", "minio"] = "folder"
    minio_endpoint: str = "127.0.0.1:9000"
    minio_access_key: str = "renoflow"
    minio_secret_key: str = Field(default="renoflow-dev-secret")
    minio_secure: bool = False
    # Given explicitly so the client never asks the server for a bucket's region (presigning is offline).
    minio_region: str = "us-east-1"
    # Each tenant's documents live in bucket <prefix><tenant_id> (architecture.md: one bucket per tenant).
    minio_bucket_prefix: str = "renoflow-"
    # Object Lock must be chosen when a bucket is created; off by default as not every S3 server has it.
    minio_object_lock: bool = False

    # Upload limits (api.md): files past them answer 413 before the rest of the body is read.
    upload_max_bytes: int = Field(default=20 * 1024 * 1024, ge=1)
    upload_max_video_bytes: int = Field(default=1024 * 1024 * 1024, ge=1)

    otel_service_name: str = "renoflow"
    # auto: readable lines when stderr is a terminal, JSON lines otherwise (files, containers).
    log_format: Literal["auto", "json", "text"] = "auto"

    @model_validator(mode="after")
    def _refuse_default_secrets_in_production(self) -> Settings:
        # Production runs with no default password at all: the demo users' is never created
        # (renoflow/identity/demo.py), and these are refused.
        if self.environment != "production":
            return self
        # Only a process that talks to the object store holds its key (docker-compose.yml gives
        # none to migrate), so only such a process can be holding the default one.
        if self.documents_backend == "minio" and self.minio_secret_key == "renoflow-dev-secret":
            raise ValueError("RENOFLOW_MINIO_SECRET_KEY must be set in production")
        if self.mode == "distributed" and self.amqp_uri == DEFAULT_AMQP_URI:
            # Only distributed mode talks to the broker; guest/guest is RabbitMQ's default account.
            raise ValueError("RENOFLOW_AMQP_URI must be set in production (not guest:guest)")
        return self

    @property
    def issuer(self) -> str:
        """The OIDC issuer URL the gateway validates ``iss`` against."""
        if self.oidc_issuer:
            return self.oidc_issuer.rstrip("/")
        return f"http://{self.host}:{self.port}/realms/{self.oidc_realm}"

    def database_name(self, service: str) -> str:
        """The name of one service's PostgreSQL database: ``<prefix><service>``."""
        return f"{self.database_name_prefix}{service}"

    def app_role(self, service: str) -> str:
        """The login role ``service`` queries its database as: row-level security applies to it."""
        return self.database_app_role or f"{self.database_role_prefix}{service}"

    def relay_role(self, service: str) -> str:
        """The login role of ``service``'s outbox relay (``BYPASSRLS``, the outbox table only)."""
        return self.database_relay_role or f"{self.database_role_prefix}{service}_relay"

    def database_password(self, service: str, kind: Literal["app", "relay"]) -> str:
        """The password of ``service``'s app or relay role: its per-service name, else this process's own."""
        own = self.database_app_password if kind == "app" else self.database_relay_password
        return self.database_passwords.get(f"{service}_{kind}", own)

    def service_database_url(self, service: str) -> str:
        """SQLAlchemy URL of one service's own database (SQLite file in embedded mode).

        On PostgreSQL it connects as the service's app role, which row-level security applies to.
        """
        if self.database_url:
            return role_url(self.database_url, self.database_name(service), self.app_role(service),
                            self.database_password(service, "app"))
        return self._sqlite_url(service)

    def service_relay_url(self, service: str) -> str:
        """URL the outbox relay of ``service`` uses: its relay role on PostgreSQL, the same file on SQLite."""
        if self.database_url:
            return role_url(self.database_url, self.database_name(service), self.relay_role(service),
                            self.database_password(service, "relay"))
        return self._sqlite_url(service)

    def _sqlite_url(self, service: str) -> str:
        return f"sqlite:///{(self.data_dir / f'{service}.db').resolve()}"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
