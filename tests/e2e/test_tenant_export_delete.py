"""PIPL round trip in both modes: export → delete → the tenant is gone everywhere → the zip held every row (P01).

The rows are counted straight from each database by reflection (not from the models the export
uses), so a table the export missed would show here.
"""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from typing import Any

from sqlalchemy import MetaData, select

from gateway.admin.commands import CreateTenant
from renoflow.services import SERVICE_CLASSES
from renoflow.tenants import delete_tenant, open_directory, operator_administration
from shared.settings import Settings
from tests.e2e.test_tenant_admin import PASSWORD, bearer, sign_in
from tests.platforms import Live, eventually


def rows_in_databases(settings: Settings, tenant_id: str) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Every row of ``tenant_id`` in every service database, by service and table (reflected)."""
    found: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for cls in SERVICE_CLASSES:
        res = cls.build_resources(settings)  # type: ignore[attr-defined]
        try:
            reflected = MetaData()
            reflected.reflect(res.db.engine)
            with res.db.open_session(tenant_id) as session, session.begin():
                found[res.service] = {
                    t.name: [dict(r) for r in session.execute(select(t).where(t.c.tenant_id == tenant_id)).mappings()]
                    for t in reflected.sorted_tables if "tenant_id" in t.columns}
        finally:
            res.db.dispose()
    return found


def counts(rows: dict[str, dict[str, list[Any]]]) -> dict[str, dict[str, int]]:
    return {s: {t: len(r) for t, r in tables.items()} for s, tables in rows.items()}


def test_p01_export_then_delete_round_trip(live: Live) -> None:
    assert live.settings is not None
    settings = live.settings
    tenant = f"rt-{live.mode[:4]}-{uuid.uuid4().hex[:6]}"
    with operator_administration(settings) as admin:
        admin.create_tenant(CreateTenant.model_validate({
            "tenant_id": tenant, "name": "往返装饰", "stores": [{"code": "A", "name": "往返 A"}],
            "admin_username": f"boss-{tenant}", "admin_password": PASSWORD}))
    boss = bearer(live, f"boss-{tenant}", PASSWORD)
    made = boss.post("/api/v1/admin/users", json={"username": f"designer-{tenant}", "password": PASSWORD,
                                                  "roles": ["designer"], "stores": ["A"]})
    assert made.status_code == 201, made.text
    designer = bearer(live, f"designer-{tenant}", PASSWORD)
    lead = designer.post("/api/v1/leads", json={
        "customer_name": "李雷", "phone": "13900002222", "address": "海淀区中关村 1 号", "store": "A",
        "source": "web", "channel": "residential_community", "consultation_channel": "walk_in"})
    assert lead.status_code == 201, lead.text
    pdf = b"%PDF-1.4 round trip " + uuid.uuid4().bytes
    # contracts learns of the lead through an event: until then the lead is not found there.
    record = {"kind": "floor_plan", "lead_id": lead.json()["id"]}
    doc = eventually(lambda: designer.post("/api/v1/documents", data=record,
                                           files={"file": ("户型图.pdf", pdf, "application/pdf")}),
                     ok=lambda r: r.status_code != 404)
    assert doc.status_code == 201, doc.text
    eventually(lambda: designer.post("/api/v1/quotes", json={"lead_id": lead.json()["id"], "items": [
        {"catalogue_code": "PAINT-01", "quantity": "10"}], "special_items": []}), ok=lambda r: r.status_code != 404)

    before = rows_in_databases(settings, tenant)
    demo_before = counts(rows_in_databases(settings, "demo"))
    assert before["sales"]["leads"] and before["contracts"]["documents"]

    res = boss.get("/api/v1/admin/export")
    assert res.status_code == 200, res.text
    assert res.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(res.content))
    names = set(archive.namelist())
    assert {f"{cls.name}.json" for cls in SERVICE_CLASSES} | {"gateway.json", "manifest.json"} <= names
    for service, tables in before.items():
        exported = json.loads(archive.read(f"{service}.json"))
        assert exported["tenant_id"] == tenant
        assert set(exported["tables"]) == set(tables), service  # every table, none forgotten
        for table, rows in tables.items():
            assert len(exported["tables"][table]) == len(rows), (service, table)
            keys = [c for c in rows[0] if c in ("id", "lead_id", "event_id", "code", "contract_id")] if rows else []
            for column in keys[:1]:
                assert sorted(str(r[column]) for r in exported["tables"][table]) == sorted(
                    str(r[column]) for r in rows), (service, table, column)
    gateway = json.loads(archive.read("gateway.json"))
    assert [t["tenant_id"] for t in gateway["tables"]["tenants"]] == [tenant]
    assert {u["username"] for u in gateway["accounts"]} == {f"boss-{tenant}", f"designer-{tenant}"}
    assert "password" not in json.dumps(gateway)
    stored = [n for n in names if n.startswith("documents/contracts/")]
    assert [archive.read(n) for n in stored] == [pdf]
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["documents"][0]["size"] == len(pdf)
    assert manifest["rows"]["sales"]["leads"] == len(before["sales"]["leads"])

    # Another tenant's export holds none of this tenant's rows.
    demo_zip = zipfile.ZipFile(io.BytesIO(live.as_user("tenant_admin").get("/api/v1/admin/export").content))
    assert tenant not in demo_zip.read("sales.json").decode()

    report = delete_tenant(settings, tenant)
    assert report["sales"]["leads"] == len(before["sales"]["leads"])
    assert report["contracts"]["documents"] == len(before["contracts"]["documents"])
    assert report["gateway"]["tenants"] == 1 and report["identity"]["accounts"] == 2

    after = rows_in_databases(settings, tenant)
    assert all(not rows for tables in after.values() for rows in tables.values()), counts(after)
    assert counts(rows_in_databases(settings, "demo")) == demo_before
    directory = open_directory(settings)
    try:
        assert directory.tenant(tenant) is None and directory.memberships_of_tenant(tenant) == {}
    finally:
        directory.dispose()
    assert sign_in(live, f"boss-{tenant}", PASSWORD).status_code == 401
    assert sign_in(live, f"designer-{tenant}", PASSWORD).status_code == 401
    with operator_administration(settings, services=False) as admin:
        assert admin.identity.users(tenant) == []
    contracts = next(c for c in SERVICE_CLASSES if c.name == "contracts")  # type: ignore[attr-defined]
    res_contracts = contracts.build_resources(settings)  # type: ignore[attr-defined]
    try:
        assert res_contracts.documents.keys(tenant) == []
    finally:
        res_contracts.db.dispose()
