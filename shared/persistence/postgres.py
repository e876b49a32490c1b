"""PostgreSQL in distributed mode: roles, one database per service, migrations and grants.

``RENOFLOW_DATABASE_URL`` is the administrator's server URL. :func:`provision` uses it to create
the roles and the databases ``<prefix><service>``:

* the owner role, one for all, owns every database and table and runs the migrations (``SET ROLE``);
* each database's app role (``renoflow_sales`` …) is what its service connects as: data
  privileges only, not an owner (an owner could ``ALTER TABLE … DISABLE ROW LEVEL SECURITY``),
  never ``BYPASSRLS``, so row-level security (:mod:`shared.persistence.rls`) scopes every query
  to the tenant bound by ``SET LOCAL``;
* each database's relay role (``renoflow_sales_relay`` …) publishes every tenant's outbox rows,
  so it bypasses row-level security; in exchange it can read and update the ``outbox`` table,
  read a service's ``sweep_tenants`` (the tenants a timer sweeps, decision 0016), and nothing else.

A pair may connect to its own database only (decision 0041): a process holding sales' passwords
cannot open the contracts database.

Provisioning is idempotent and serialised by an advisory lock, so every service process can run
it at start.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import Connection, create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from shared.persistence.migrations import upgrade_on
from shared.settings import Settings

#: Advisory lock key (any fixed bigint) that serialises provisioning across processes.
PROVISION_LOCK_KEY = 0x52454E4F464C4F57  # "RENOFLOW"

#: Database the administrator connects to when the server URL names none.
ADMIN_DATABASE = "postgres"

#: What the relay may do, on the outbox table only (publish, record failures, list dead letters).
RELAY_PRIVILEGES = ("SELECT", "UPDATE")

#: Tables the relay role may read (only read) across tenants: a timer's list of tenants to sweep.
RELAY_READABLE_TABLES = ("sweep_tenants",)

#: What the app role may do on every table of its service's database.
APP_TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")


def database_name(settings: Settings, service: str) -> str:
    """The name of one service's database: ``<prefix><service>``."""
    return settings.database_name(service)


def _server_url(settings: Settings) -> URL:
    if not settings.database_url:
        raise RuntimeError("RENOFLOW_DATABASE_URL is not set (distributed mode needs a PostgreSQL server)")
    return make_url(settings.database_url).set(drivername="postgresql+psycopg")



def admin_url(settings: Settings, database: str | None = None) -> str:
    """URL as the administrator, to ``database`` or the one the server URL names (else ``postgres``)."""
    url = _server_url(settings)
    return url.set(database=database or url.database or ADMIN_DATABASE).render_as_string(hide_password=False)


def _connect_admin(settings: Settings) -> psycopg.Connection[Any]:
    url = _server_url(settings)
    params: dict[str, Any] = {k: v for k, v in url.query.items() if isinstance(v, str)}
    params.update(host=url.host, port=url.port, user=url.username, password=url.password,
                  dbname=url.database or ADMIN_DATABASE)
    return psycopg.connect(autocommit=True, **{k: v for k, v in params.items() if v is not None})


def provision(settings: Settings, services: Iterable[str], migrations: Mapping[str, Path]) -> None:
    """Create the roles and each service's database, migrate it as the owner and grant access.

    Idempotent: safe at every start. Concurrent callers wait on an advisory lock, so two service
    processes starting together do not race on ``CREATE DATABASE`` or on alembic's version row.
    A service without an entry in ``migrations`` gets its database and grants only.

    The administrator must be a superuser: only a superuser may create a ``BYPASSRLS`` role.
    """
    services = list(services)
    with _connect_admin(settings) as admin:
        admin.execute("SELECT pg_advisory_lock(%s)", (PROVISION_LOCK_KEY,))
        try:
            _ensure_roles(admin, settings, services)
            for service in services:
                name = database_name(settings, service)
                _ensure_database(admin, settings, service, name)
                relays = _migrate_and_grant(settings, service, name, migrations.get(service))
                if not relays and settings.database_relay_role is None:
                    # A relay role with nothing to relay (the gateway's directory has no outbox)
                    # need not sign in at all; a shared one (database_relay_role) serves others.
                    admin.execute(sql.SQL("ALTER ROLE {} NOLOGIN").format(sql.Identifier(settings.relay_role(service))))
        finally:
            admin.execute("SELECT pg_advisory_unlock(%s)", (PROVISION_LOCK_KEY,))


def _ensure_role(admin: psycopg.Connection[Any], role: str, attributes: str, password: str) -> None:
    exists = admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
    if not exists:
        admin.execute(sql.SQL("CREATE ROLE {}").format(sql.Identifier(role)))
    # Attributes are (re)applied every time, so a role someone altered by hand is put right.
    admin.execute(sql.SQL("ALTER ROLE {} " + attributes).format(sql.Identifier(role)))
    if password:
        # Utility statements take no bound parameters; Literal quotes client-side.
        admin.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(role), sql.Literal(password)))


def _ensure_roles(admin: psycopg.Connection[Any], settings: Settings, services: list[str]) -> None:
    owner = settings.database_owner_role
    apps = {settings.app_role(service) for service in services}
    relays = {settings.relay_role(service) for service in services}
    if owner in apps | relays or apps & relays:
        raise ValueError("the owner, app and relay database roles must be different roles")
    base = "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"
    owner_login = "LOGIN" if settings.database_owner_password else "NOLOGIN"
    _ensure_role(admin, owner, f"{base} NOBYPASSRLS {owner_login}", settings.database_owner_password)
    for service in services:
        _ensure_role(admin, settings.app_role(service), f"{base} NOBYPASSRLS LOGIN",
                     settings.database_password(service, "app"))
        _ensure_role(admin, settings.relay_role(service), f"{base} BYPASSRLS LOGIN",
                     settings.database_password(service, "relay"))
    for login_role in sorted(apps | relays):
        # A member of the owner role could SET ROLE to it and switch row-level security off.
        if admin.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", (login_role, owner)).fetchone() == (True,):
            admin.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(owner), sql.Identifier(login_role)))
    # CREATE DATABASE … OWNER and SET ROLE need the administrator to be a member of the owner
    # role (pg_has_role is always true for a superuser, so this only grants to a non-superuser).
    if admin.execute("SELECT pg_has_role(current_user, %s, 'MEMBER')", (owner,)).fetchone() != (True,):
        admin.execute(sql.SQL("GRANT {} TO CURRENT_USER").format(sql.Identifier(owner)))


def _ensure_database(admin: psycopg.Connection[Any], settings: Settings, service: str, name: str) -> None:
    owner = sql.Identifier(settings.database_owner_role)
    db = sql.Identifier(name)
    row = admin.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", (name,)).fetchone()
    if row is None:
        admin.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(db, owner))
    elif row[0] != settings.database_owner_role:
        admin.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(db, owner))
    # Only the service's own pair may connect (PUBLIC gets CONNECT and TEMP by default). REVOKE ALL
    # FROM PUBLIC leaves grants to named roles alone, so any other login role that was given
    # CONNECT (the shared renoflow_app/renoflow_relay of before decision 0041, a role granted by
    # hand) loses it here: the database's ACL is reset to the owner's and the pair's.
    admin.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(db))
    own = {settings.app_role(service), settings.relay_role(service)}
    for role in _database_grantees(admin, name) - own - {settings.database_owner_role}:
        admin.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM {}").format(db, sql.Identifier(role)))
    admin.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}").format(
        db, sql.Identifier(settings.app_role(service)), sql.Identifier(settings.relay_role(service))))


def _database_grantees(admin: psycopg.Connection[Any], name: str) -> set[str]:
    """Roles named in the database's ACL (PUBLIC, grantee 0, excluded)."""
    rows = admin.execute(
        "SELECT DISTINCT pg_get_userbyid(a.grantee) FROM pg_database d, aclexplode(d.datacl) a"
        " WHERE d.datname = %s AND a.grantee <> 0", (name,)).fetchall()
    return {row[0] for row in rows}


def _migrate_and_grant(settings: Settings, service: str, name: str, migrations: Path | None) -> bool:
    """Migrate as the owner and grant; whether the database has anything for its relay role."""
    engine = create_engine(admin_url(settings, name), poolclass=NullPool)
    try:
        with engine.begin() as conn:
            q = conn.dialect.identifier_preparer.quote
            owner, app, relay = (q(settings.database_owner_role), q(settings.app_role(service)),
                                 q(settings.relay_role(service)))
            # Before PostgreSQL 15 every role could create tables in public; only the owner should.
            conn.exec_driver_sql("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
            # SET LOCAL ROLE: the tables alembic creates belong to the owner, and the role ends
            # with this transaction.
            conn.exec_driver_sql(f"SET LOCAL ROLE {owner}")
            if migrations is not None:
                upgrade_on(migrations, conn)
            return _grant(conn, app=app, relay=relay)
    finally:
        engine.dispose()


def _grant(conn: Connection, *, app: str, relay: str) -> bool:
    # Re-granted after every migration run, so tables added by a new revision are covered.
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {app}, {relay}")
    conn.exec_driver_sql(f"GRANT {', '.join(APP_TABLE_PRIVILEGES)} ON ALL TABLES IN SCHEMA public TO {app}")
    conn.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}")
    # The migration history is the owner's business; the app may read it (readiness checks).
    has_version_table = conn.exec_driver_sql("SELECT to_regclass('public.alembic_version')").scalar()
    if has_version_table is not None:
        conn.exec_driver_sql(f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {app}")
    # The relay bypasses row-level security, so it gets the outbox (and reads a timer's
    # sweep_tenants) and nothing else: revoke first, which also takes back anything granted by hand.
    conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {relay}")
    conn.exec_driver_sql(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {relay}")
    has_outbox = conn.exec_driver_sql("SELECT to_regclass('public.outbox')").scalar()
    if has_outbox is not None:
        conn.exec_driver_sql(f"GRANT {', '.join(RELAY_PRIVILEGES)} ON outbox TO {relay}")
    relayed = has_outbox is not None
    for table in RELAY_READABLE_TABLES:
        if conn.exec_driver_sql(f"SELECT to_regclass('public.{table}')").scalar() is not None:
            conn.exec_driver_sql(f"GRANT SELECT ON {table} TO {relay}")
            relayed = True
    return relayed
