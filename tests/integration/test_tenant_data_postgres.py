"""A tenant's export and deletion on PostgreSQL under row-level security (P01, PIPL).

The services' ``export_tenant_data`` and ``delete_tenant_data`` run as the app role inside the
tenant's transaction: they see and remove that tenant's rows only, and a session bound to no
tenant removes nothing at all, whatever its WHERE clause says.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, insert, select

from gateway.directory import MIGRATIONS as DIRECTORY_MIGRATIONS
from gateway.directory import Directory, Store, Tenant
from renoflow.services import SERVICE_CLASSES
from shared.identity.context import Principal
from shared.persistence.postgres import provision
from shared.persistence.tenant_data import delete_rows
from shared.settings import Settings
from shared.tenant_settings import HqSettings
from tests.servers import admin_connect, drop_throwaway, throwaway_settings

pytestmark = pytest.mark.integration


def contracts_service() -> type:
    return next(c for c in SERVICE_CLASSES if c.name == "contracts")  # type: ignore[attr-defined]


def seed(settings: Settings, tenant: str, items: int) -> None:
    from services.contracts.adapters.orm import catalogue_items, stores

    res = contracts_service().build_resources(settings)  # type: ignore[attr-defined]
    try:
        with res.db.open_session(tenant) as session, session.begin():
            session.execute(insert(stores).values(tenant_id=tenant, code="A", timezone="Asia/Shanghai"))
            session.execute(insert(catalogue_items), [
                {"tenant_id": tenant, "code": f"IT-{n}", "name": f"项目 {n}", "unit": "m2",
                 "unit_price": Decimal("12.50"), "trade": "paint"} for n in range(items)])
    finally:
        res.db.dispose()


def test_p01_export_and_delete_see_only_the_bound_tenant_under_rls(provisioned: Settings) -> None:
    from services.contracts.adapters.orm import catalogue_items, metadata

    seed(provisioned, "pga", 3)
    seed(provisioned, "pgb", 2)
    cls = contracts_service()
    res = cls.build_resources(provisioned)  # type: ignore[attr-defined]
    try:
        assert res.db.is_postgres
        export = cls.operations["export_tenant_data"]  # type: ignore[attr-defined]
        answer = export.run({}, {"uow": res.uow_factory("pga"), "principal": Principal.system("pga")})
        assert len(answer["tables"]["catalogue_items"]) == 3
        assert answer["tables"]["catalogue_items"][0]["unit_price"] == "12.50"
        assert {r["tenant_id"] for rows in answer["tables"].values() for r in rows} == {"pga"}

        # No tenant bound: the policy hides every row, so even an explicit WHERE deletes nothing.
        with res.db.open_session(None) as session, session.begin():
            assert sum(delete_rows(session, metadata, "pgb").values()) == 0
        # Bound to pga, a delete aimed at pgb's rows deletes nothing either.
        with res.db.open_session("pga") as session, session.begin():
            assert sum(delete_rows(session, metadata, "pgb").values()) == 0

        delete = cls.operations["delete_tenant_data"]  # type: ignore[attr-defined]
        gone = delete.run({}, {"uow": res.uow_factory("pga"), "principal": Principal.system("pga")})
        assert gone["deleted"]["catalogue_items"] == 3 and gone["deleted"]["stores"] == 1
        with res.db.open_session("pgb") as session, session.begin():
            assert session.scalar(select(func.count()).select_from(catalogue_items)) == 2
        with res.db.open_session("pga") as session, session.begin():
            assert session.scalar(select(func.count()).select_from(catalogue_items)) == 0
    finally:
        res.db.dispose()


def test_the_directory_migrates_disables_exports_and_deletes_on_postgres(postgres_server: None) -> None:
    pg_settings = throwaway_settings()  # its own roles too: dropping them must not touch the session's
    provision(pg_settings, ["gateway"], {"gateway": DIRECTORY_MIGRATIONS})
    directory = Directory(pg_settings.service_database_url("gateway"))
    try:
        with admin_connect() as conn:  # decision 0041: the directory's own pair; its relay has nothing to relay
            logins = dict(conn.execute("SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname IN (%s, %s)",
                                       (pg_settings.app_role("gateway"), pg_settings.relay_role("gateway"))).fetchall())
        assert logins == {pg_settings.app_role("gateway"): True, pg_settings.relay_role("gateway"): False}
        directory.add_tenant_with_stores(Tenant("pgdir", "目录", "", True), [Store("pgdir", "A", "A 店")])
        directory.set_memberships("pgdir", "someone", {"A"})
        directory.remember("pgdir", "u1", "admin.add_store", "k1", "f" * 64, {"code": "A"})
        assert directory.recall("pgdir", "u1", "admin.add_store", "k1", "f" * 64) == {"code": "A"}
        snapshot = directory.set_hq_settings("pgdir", HqSettings(company_name="目录装饰"))  # decision 0036
        assert (snapshot.version, snapshot.hq.company_name) == (1, "目录装饰")
        directory.set_tenant_enabled("pgdir", False)
        assert not directory.tenant_exists("pgdir")
        exported = directory.export_tenant("pgdir")
        assert [len(exported[t]) for t in ("tenants", "stores", "store_memberships", "admin_idempotency",
                                           "tenant_settings")] == [1] * 5
        assert directory.delete_tenant("pgdir") == {"admin_idempotency": 1, "store_memberships": 1, "stores": 1,
                                                    "tenant_settings": 1, "tenants": 1}
        assert directory.tenant("pgdir") is None
    finally:
        directory.dispose()
        drop_throwaway(pg_settings, ["gateway"])
