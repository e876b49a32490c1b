"""Distributed mode's database layer on a real PostgreSQL: provisioning, roles, row-level security (P01)
and contract numbers from the counter row (C04)."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, ClassVar

import psycopg
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Integer,
    MetaData,
    Numeric,
    String,
    create_engine,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from shared.documents.store import FolderDocumentStore
from shared.messaging.events import Event
from shared.messaging.outbox import OutboxRelay
from shared.persistence.db import ServiceDatabase
from shared.persistence.platform_tables import PlatformTables
from shared.persistence.postgres import RELAY_READABLE_TABLES, database_name, provision
from shared.persistence.rls import POLICY_NAME, tenant_tables
from shared.persistence.uow import UnitOfWork
from shared.settings import Settings
from tests.servers import PG_HOST, PG_PORT, admin_connect
from tests.unit.contracts.conftest import SIGNATURE, Studio, staff

from .conftest import SERVICES, migrations

pytestmark = pytest.mark.integration

UOW_CLASSES = {"sales": "SalesUnitOfWork", "contracts": "ContractsUnitOfWork",
               "construction": "ConstructionUnitOfWork", "finance": "FinanceUnitOfWork",
               "aftercare": "AftercareUnitOfWork", "reporting": "ReportingUnitOfWork",
               "notifications": "NotificationsUnitOfWork"}


@dataclass
class Service:
    """One service's models and unit of work, and its database as the app role."""

    name: str
    metadata: MetaData
    platform: PlatformTables
    uow_class: type[UnitOfWork]
    db: ServiceDatabase

    def uow(self, tenant: str) -> UnitOfWork:
        return self.uow_class(self.db, self.platform, tenant)


@pytest.fixture(scope="module")
def services(provisioned: Settings) -> Iterator[dict[str, Service]]:
    found = {}
    for name in SERVICES:
        orm = importlib.import_module(f"services.{name}.adapters.orm")
        uow_module = importlib.import_module(f"services.{name}.adapters.unit_of_work")
        found[name] = Service(name, orm.PLATFORM.outbox.metadata, orm.PLATFORM, getattr(uow_module, UOW_CLASSES[name]),
                              ServiceDatabase(name, provisioned.service_database_url(name)))
    yield found
    for svc in found.values():
        svc.db.dispose()


def sample_value(column: Any, tenant: str) -> Any:
    """A value that fits ``column``'s type (one row per table, so any fitting value will do)."""
    if column.name == "tenant_id":
        return tenant
    col_type = getattr(column.type, "impl", column.type)  # UtcDateTime → DateTime
    if isinstance(col_type, Boolean):
        return False
    if isinstance(col_type, Integer):
        return 1
    if isinstance(col_type, Numeric):
        return Decimal("1")
    if isinstance(col_type, DateTime):
        return datetime.now(UTC)
    if isinstance(col_type, Date):
        return date.today()
    if isinstance(col_type, JSON):
        return {}
    if isinstance(col_type, String):
        value = f"{tenant}-{column.table.name}-{column.name}"
        return value[-col_type.length:] if col_type.length else value
    raise AssertionError(f"no sample value for {column.table.name}.{column.name} ({column.type!r})")


def insert_one_row_per_table(svc: Service, tenant: str) -> None:
    """Through the service's unit of work: one row of ``tenant`` in every table (parents first)."""
    rows: dict[str, dict[str, Any]] = {}
    with svc.uow(tenant) as uow:
        for table in svc.metadata.sorted_tables:
            row = {c.name: sample_value(c, tenant) for c in table.columns}
            for fk in table.foreign_keys:  # point at the parent row written just before
                row[fk.parent.name] = rows[fk.column.table.name][fk.column.name]
            uow.session.execute(insert(table).values(row))
            rows[table.name] = row
        uow.commit()


def count_rows(conn: Any, table: str) -> int:
    return int(conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())


def db_tenant_tables(settings: Settings, service: str) -> list[str]:
    """Every table of the live database that has a ``tenant_id`` column, whatever the models say."""
    with admin_connect(database_name(settings, service)) as conn:
        rows = conn.execute("SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
                            "AND column_name = 'tenant_id' ORDER BY table_name").fetchall()
    return [str(r[0]) for r in rows]


def test_provisioning_creates_one_database_per_service_and_is_idempotent(provisioned: Settings) -> None:
    # Two processes starting together: the advisory lock serialises them, neither fails.
    errors: list[BaseException] = []

    def again() -> None:
        try:
            provision(provisioned, SERVICES, migrations())
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=again) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    provision(provisioned, SERVICES, migrations())

    expected = {database_name(provisioned, s) for s in SERVICES}
    with admin_connect() as conn:
        owners = dict(conn.execute("SELECT datname, pg_get_userbyid(datdba) FROM pg_database "
                                   "WHERE datname LIKE %s", (provisioned.database_name_prefix + "%",)).fetchall())
    assert set(owners) == expected
    assert set(owners.values()) == {provisioned.database_owner_role}
    for service in SERVICES:
        with admin_connect(database_name(provisioned, service)) as conn:
            versions = conn.execute("SELECT version_num FROM alembic_version").fetchall()
            table_owners = {r[0] for r in conn.execute(
                "SELECT tableowner FROM pg_tables WHERE schemaname = 'public'").fetchall()}
        # At the head of the service's own migrations (the RLS revision or a later one).
        head = ScriptDirectory(str(migrations()[service])).get_current_head()
        assert versions == [(head,)], versions
        assert table_owners == {provisioned.database_owner_role}


def test_P01_session_without_tenant_setting_sees_no_rows(provisioned: Settings,
                                                        services: dict[str, Service]) -> None:
    for svc in services.values():
        insert_one_row_per_table(svc, "demo")
        insert_one_row_per_table(svc, "other")

    for svc in services.values():
        tables = db_tenant_tables(provisioned, svc.name)
        assert set(tenant_tables(svc.metadata)) <= set(tables)
        engine = create_engine(provisioned.service_database_url(svc.name), poolclass=NullPool)
        try:
            with engine.connect() as conn:
                # A plain connection of the app role, no tenant bound: nothing at all.
                for table in tables:
                    assert count_rows(conn, table) == 0, f"{svc.name}.{table} visible without a tenant"
                conn.rollback()
                # Bound to a tenant: exactly that tenant's row (so the zero above is not vacuous).
                for tenant in ("demo", "other"):
                    with conn.begin():
                        conn.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": tenant})
                        for table in tables:
                            seen = conn.execute(text(f'SELECT tenant_id FROM "{table}"')).scalars().all()
                            assert seen == [tenant], f"{svc.name}.{table} as {tenant}: {seen}"
                # The SET LOCAL ended with its transaction: the connection is back to nothing.
                for table in tables:
                    assert count_rows(conn, table) == 0, f"{svc.name}.{table} leaked past SET LOCAL"
                conn.rollback()
        finally:
            engine.dispose()

        # FORCE: even the tables' owner sees nothing without a tenant.
        with admin_connect(database_name(provisioned, svc.name)) as admin, admin.transaction():
            admin.execute(f'SET LOCAL ROLE "{provisioned.database_owner_role}"')
            for table in tables:
                assert admin.execute(f'SELECT count(*) FROM "{table}"').fetchone() == (0,), table


def test_P01_tenant_other_sees_none_of_demos_rows(services: dict[str, Service]) -> None:
    svc = services["sales"]
    insert_one_row_per_table(svc, "demo-p01")
    with svc.uow("other-p01") as uow:
        for name in tenant_tables(svc.metadata):
            table = svc.metadata.tables[name]
            # No WHERE tenant_id here on purpose: only row-level security stands in the way.
            assert uow.session.execute(select(func.count()).select_from(table)).scalar_one() == 0, name
    with svc.uow("demo-p01") as uow:
        leads = svc.metadata.tables["leads"]
        assert uow.session.execute(select(leads.c.tenant_id)).scalars().all() == ["demo-p01"]


def test_P01_app_role_is_not_owner_and_does_not_bypass_rls(provisioned: Settings) -> None:
    owner = provisioned.database_owner_role
    for service in SERVICES:
        app, relay = provisioned.app_role(service), provisioned.relay_role(service)
        with admin_connect() as conn:
            roles = {r[0]: r[1:] for r in conn.execute(
                "SELECT rolname, rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname IN (%s, %s, %s)",
                (app, owner, relay)).fetchall()}
            assert roles[app] == (False, False, True), service
            assert roles[owner] == (False, False, False)
            assert roles[relay] == (False, True, True), service
            for login in (app, relay):
                assert conn.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", (login, owner)).fetchone() == (False,)
        with admin_connect(database_name(provisioned, service)) as conn:
            owned_by_app = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                                        "AND tableowner = %s", (app,)).fetchall()
            assert owned_by_app == []


def test_P01_every_tenant_table_has_forced_row_level_security(provisioned: Settings,
                                                              services: dict[str, Service]) -> None:
    for svc in services.values():
        tables = db_tenant_tables(provisioned, svc.name)
        # Every model table carries tenant_id, so every table but alembic's must be covered.
        assert set(tables) == set(svc.metadata.tables), svc.name
        with admin_connect(database_name(provisioned, svc.name)) as conn:
            flags = {r[0]: (r[1], r[2]) for r in conn.execute(
                "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
                "WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'").fetchall()}
            policies = {r[0]: r[1:] for r in conn.execute(
                "SELECT tablename, cmd, roles::text[], qual, with_check FROM pg_policies "
                "WHERE schemaname = 'public' AND policyname = %s", (POLICY_NAME,)).fetchall()}
        for table in tables:
            assert flags[table] == (True, True), f"{svc.name}.{table}: row-level security not enabled and forced"
            cmd, roles, qual, with_check = policies[table]
            assert cmd == "ALL" and roles == ["public"], (svc.name, table)
            assert "app.tenant_id" in qual and "app.tenant_id" in with_check, (svc.name, table)


def test_P01_a_row_for_another_tenant_is_refused_by_with_check(services: dict[str, Service]) -> None:
    svc = services["contracts"]
    stores = svc.metadata.tables["stores"]
    with svc.uow("demo-wc") as uow, pytest.raises(DBAPIError, match="row-level security"):
        uow.session.execute(insert(stores).values(tenant_id="intruder", code="Z", timezone="UTC"))
    with svc.uow("demo-wc") as uow:
        uow.session.execute(insert(stores).values(tenant_id="demo-wc", code="Y", timezone="UTC"))
        uow.commit()
    # Nor may a tenant move its own row to another tenant.
    with svc.uow("demo-wc") as uow, pytest.raises(DBAPIError, match="row-level security"):
        uow.session.execute(update(stores).where(stores.c.code == "Y").values(tenant_id="intruder"))


def test_C04_counter_row_numbers_under_postgres(services: dict[str, Service], tmp_path: Any) -> None:
    db = services["contracts"].db
    studio = Studio(db, FolderDocumentStore(tmp_path / "docs"))
    tenant = "c04"  # its own tenant, so numbers start at 01 whatever other tests signed today
    designer = staff("designer", "A", tenant)
    sign = {"customer_signature": SIGNATURE, "cost_notice_acknowledged": True}
    ids = [studio.contract(tenant=tenant)["id"] for _ in range(30)]
    with ThreadPoolExecutor(max_workers=10) as pool:
        numbers = list(pool.map(
            lambda cid: studio.call("sign_contract", designer, contract_id=cid, **sign)["number"], ids))
    assert len(set(numbers)) == 30
    assert len({n[:-2] for n in numbers}) == 1  # one store, one day
    assert sorted(int(n[-2:]) for n in numbers) == list(range(1, 31))
    counters = services["contracts"].metadata.tables["contract_number_counters"]
    with services["contracts"].uow(tenant) as uow:
        assert uow.session.execute(select(counters.c.last)).scalars().all() == [30]


class Happened(Event):
    event_type: ClassVar[str] = "rls_test_happened"
    n: int


class Collector:
    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    def publish(self, source_service: str, event_type: str, payload: dict[str, Any]) -> None:
        if event_type == Happened.event_type:
            self.messages.append(payload)


def test_relay_role_reads_and_publishes_every_tenants_outbox(provisioned: Settings,
                                                            services: dict[str, Service]) -> None:
    svc = services["finance"]
    for n, tenant in enumerate(("relay-a", "relay-b")):
        with svc.uow(tenant) as uow:
            uow.publish(Happened(n=n))
            uow.commit()
    relay_db = ServiceDatabase("finance", provisioned.service_relay_url("finance"))
    try:
        collector = Collector()
        relay = OutboxRelay(relay_db, svc.platform, collector)
        while relay.publish_pending():
            pass
        assert sorted(m["tenant_id"] for m in collector.messages) == ["relay-a", "relay-b"]
        outbox = svc.platform.outbox
        with relay_db.engine.connect() as conn:
            unpublished = conn.execute(select(func.count()).select_from(outbox)
                                       .where(outbox.c.published_at.is_(None))).scalar_one()
            assert unpublished == 0  # the relay's UPDATE went through, for both tenants
            conn.rollback()
            # Bypassing row-level security is paid for with access to the outbox (and a timer's
            # list of tenants, read only) alone.
            for name in sorted(set(svc.metadata.tables) - {"outbox", *RELAY_READABLE_TABLES}):
                with pytest.raises(DBAPIError, match="permission denied"):
                    count_rows(conn, name)
                conn.rollback()
            with pytest.raises(DBAPIError, match="permission denied"):
                conn.execute(text("DELETE FROM outbox"))
            conn.rollback()
    finally:
        relay_db.dispose()


def test_I8_A06_the_sweep_reads_every_tenant_from_sweep_tenants_as_the_relay_role(
        provisioned: Settings, services: dict[str, Service]) -> None:
    from services.aftercare.adapters.orm import sweep_tenants
    from services.aftercare.adapters.repository import tenants_with_complaints
    from services.aftercare.bootstrap import build_resources
    from shared.messaging.service_kit import CrossTenantDatabaseProvider

    svc = services["aftercare"]
    for tenant in ("sweep-a", "sweep-b"):
        with svc.uow(tenant) as uow:  # what a tenant's first complaint writes, through its own unit of work
            uow.session.execute(insert(sweep_tenants).values(tenant_id=tenant, enrolled_at=datetime.now(UTC)))
            uow.commit()
    # The timer's dependency as nameko builds it: the relay role's connection, not the app's.
    resources = build_resources(provisioned)
    platform_db = CrossTenantDatabaseProvider().build(resources, {})
    try:
        assert platform_db is not resources.db and platform_db.url == provisioned.service_relay_url("aftercare")
        assert {"sweep-a", "sweep-b"} <= set(tenants_with_complaints(platform_db))
        with platform_db.engine.connect() as conn:
            for forbidden in ("INSERT INTO sweep_tenants VALUES ('x', now())", "SELECT count(*) FROM complaints"):
                with pytest.raises(DBAPIError, match="permission denied"):
                    conn.execute(text(forbidden))
                conn.rollback()
    finally:
        platform_db.dispose()
        resources.db.dispose()


def _connect_as(role: str, database: str) -> None:
    with psycopg.connect(host=PG_HOST, port=PG_PORT, user=role, dbname=database, connect_timeout=5) as conn:
        conn.execute("SELECT 1")


def test_P01_sales_roles_cannot_connect_to_the_contracts_database(provisioned: Settings) -> None:
    # Decision 0041: a process holding sales' credentials opens sales' database and no other
    # (trust authentication here, so only the CONNECT privilege stands in the way).
    contracts = database_name(provisioned, "contracts")
    for role in (provisioned.app_role("sales"), provisioned.relay_role("sales")):
        _connect_as(role, database_name(provisioned, "sales"))
        with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
            _connect_as(role, contracts)
    # And every pair is kept to its own database: no login role but its own two may connect.
    with admin_connect() as conn:
        for service in SERVICES:
            grantees = {r[0] for r in conn.execute(
                "SELECT pg_get_userbyid(a.grantee) FROM pg_database d, aclexplode(d.datacl) a "
                "WHERE d.datname = %s AND a.privilege_type = 'CONNECT'",
                (database_name(provisioned, service),)).fetchall()}
            assert grantees == {provisioned.database_owner_role, provisioned.app_role(service),
                                provisioned.relay_role(service)}, service


def test_P01_each_services_app_role_sees_only_its_tenants_rows(provisioned: Settings,
                                                               services: dict[str, Service]) -> None:
    for svc in services.values():
        assert svc.db.engine.url.username == provisioned.app_role(svc.name)
        insert_one_row_per_table(svc, f"demo-each-{svc.name}")
        with svc.uow(f"other-each-{svc.name}") as uow:
            for name in tenant_tables(svc.metadata):
                table = svc.metadata.tables[name]
                count = uow.session.execute(select(func.count()).select_from(table)).scalar_one()
                assert count == 0, f"{svc.name}.{name}"


def test_P01_provisioning_takes_connect_away_from_a_role_granted_it_by_hand(provisioned: Settings) -> None:
    # The shared renoflow_app of before decision 0041 had CONNECT on every database; provisioning
    # leaves such a role in place but no longer able to open a service's database.
    stray = f"{provisioned.database_role_prefix}stray"
    sales = database_name(provisioned, "sales")
    with admin_connect() as conn:
        conn.execute(f'CREATE ROLE "{stray}" LOGIN')
        try:
            conn.execute(f'GRANT CONNECT ON DATABASE "{sales}" TO "{stray}"')
            _connect_as(stray, sales)
            provision(provisioned, ["sales"], {"sales": migrations()["sales"]})
            with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
                _connect_as(stray, sales)
        finally:
            conn.execute(f'DROP OWNED BY "{stray}"')
            conn.execute(f'DROP ROLE "{stray}"')
