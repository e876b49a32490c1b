"""Backups restore (issue 12 item 6): every database, the gateway's included, and the documents.

Against the local PostgreSQL server (skipped with the reason when it is absent, a failure under
RENOFLOW_REQUIRE_SERVICES=1): throw-away databases are provisioned and migrated, given rows,
backed up with ``renoflow backup``, dropped, restored with ``renoflow restore``, and compared
table by table, with their row-level security policies and grants. The documents go through the
folder store and, when moto is installed, through an S3 server.
"""

from __future__ import annotations

import hashlib
import os
import socket
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from psycopg import sql

from renoflow.backup import BackupError, backup, restore, verify
from renoflow.services import MIGRATIONS
from shared.documents.store import FolderDocumentStore
from shared.persistence.postgres import provision
from shared.settings import Settings
from tests.servers import admin_connect, drop_throwaway, require_postgres, throwaway_settings

pytestmark = pytest.mark.integration

#: Every database a backup takes: the services' and the gateway's directory.
DATABASES = list(MIGRATIONS)


@pytest.fixture(scope="module")
def provisioned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    require_postgres()
    settings = throwaway_settings(data_dir=tmp_path_factory.mktemp("backup-data"))
    try:
        provision(settings, DATABASES, MIGRATIONS)
        for service in DATABASES:
            _fill(settings.database_name(service), service)
        yield settings
    finally:
        drop_throwaway(settings, DATABASES)


def _fill(database: str, service: str) -> None:
    """Rows in the platform's own outbox (a service's) and in a table with awkward values."""
    with admin_connect(database) as conn:
        conn.execute("CREATE TABLE backup_probe (id int PRIMARY KEY, note text, data bytea, at timestamptz)")
        conn.execute("INSERT INTO backup_probe SELECT g, '第' || g || '号 合同 ' || %s, "
                     "decode(md5(g::text), 'hex'), now() FROM generate_series(1, 250) g", (service,))
        if service != "gateway":
            conn.execute(
                "INSERT INTO outbox (event_id, tenant_id, seq, source_service, event_type, payload, created_at, "
                "attempts) VALUES (%s, 'demo', 1, %s, 'backup_tested', '{\"n\": 1}', now(), 0)",
                (f"evt-{service}", service))


def snapshot(database: str) -> dict[str, Any]:
    """Every table's rows (as text, sorted), the policies, grants and who may connect."""
    with admin_connect(database) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").fetchall()]
        rows = {t: sorted(r[0] for r in conn.execute(
            sql.SQL("SELECT t::text FROM {} t").format(sql.Identifier(t))).fetchall()) for t in tables}
        policies = conn.execute("SELECT tablename, policyname, qual FROM pg_policies ORDER BY 1, 2").fetchall()
        forced = conn.execute("SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
                              "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY 1").fetchall()
        grants = conn.execute("SELECT grantee, table_name, privilege_type FROM information_schema.role_table_grants "
                              "WHERE table_schema = 'public' ORDER BY 1, 2, 3").fetchall()
        acl = conn.execute("SELECT datacl::text, pg_get_userbyid(datdba) FROM pg_database "
                           "WHERE datname = current_database()").fetchone()
    return {"rows": rows, "policies": policies, "forced": forced, "grants": grants, "database": acl}


def _drop(database: str) -> None:
    with admin_connect() as conn:
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(database)))


def _exists(database: str) -> bool:
    with admin_connect() as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone() is not None


def test_every_database_and_the_documents_come_back_from_a_backup(provisioned: Settings, tmp_path: Path) -> None:
    settings = provisioned
    names = [settings.database_name(s) for s in DATABASES]
    assert settings.database_name("gateway") in names
    documents = FolderDocumentStore(settings.data_dir / "documents" / "contracts")
    documents.put("demo", "contracts/c-1.pdf", "%PDF-1.7 签署的《施工合同》".encode(), "application/pdf")
    documents.put("other", "contracts/c-2.pdf", b"%PDF-1.7 other", "application/pdf")
    # Without Keycloak the gateway's built-in provider keeps users and its signing key here.
    with sqlite3.connect(settings.data_dir / "identity.db") as users:
        users.execute("CREATE TABLE users (username text, password_hash text)")
        users.execute("INSERT INTO users VALUES ('admin@acme', 'scrypt$…')")
    users.close()
    (settings.data_dir / "identity").mkdir()
    (settings.data_dir / "identity" / "signing-key.pem").write_text("-----BEGIN PRIVATE KEY-----\n")
    before = {n: snapshot(n) for n in names}
    assert all(before[n]["rows"]["backup_probe"] for n in names)
    assert before[settings.database_name("sales")]["policies"], "the migrations made row-level security policies"

    report = backup(settings, tmp_path / "backup", DATABASES)
    assert sorted(report.databases) == sorted(names) and report.documents == 2
    manifest = verify(tmp_path / "backup")
    assert {e.database for e in manifest.databases} == set(names)

    with pytest.raises(BackupError, match="exist"):
        restore(settings, tmp_path / "backup")  # without --replace nothing is overwritten
    for name in names:
        _drop(name)
    (settings.data_dir / "documents" / "contracts" / "demo" / "contracts" / "c-1.pdf").unlink()
    (settings.data_dir / "identity.db").unlink()
    (settings.data_dir / "identity" / "signing-key.pem").unlink()

    restored = restore(settings, tmp_path / "backup", replace=True)

    assert sorted(restored.databases) == sorted(names)
    assert {n: snapshot(n) for n in names} == before
    assert documents.get("demo", "contracts/c-1.pdf") == "%PDF-1.7 签署的《施工合同》".encode()
    assert documents.get("other", "contracts/c-2.pdf") == b"%PDF-1.7 other"
    with sqlite3.connect(settings.data_dir / "identity.db") as users:
        assert users.execute("SELECT username FROM users").fetchall() == [("admin@acme",)]
    users.close()
    assert (settings.data_dir / "identity" / "signing-key.pem").read_text().startswith("-----BEGIN")


def test_restore_over_existing_databases_with_replace_brings_back_the_backed_up_rows(
        provisioned: Settings, tmp_path: Path) -> None:
    # Through --pg-exec, as with `docker compose exec -T postgres`: archives over stdin and stdout
    # (``env`` runs the tools here, with the connection in the environment).
    settings = provisioned
    sales = settings.database_name("sales")
    backup(settings, tmp_path / "backup", DATABASES, pg_exec=["env"])
    before = snapshot(sales)
    with admin_connect(sales) as conn:  # work after the backup, lost by the restore
        conn.execute("DELETE FROM backup_probe WHERE id > 100")
    assert snapshot(sales) != before
    restore(settings, tmp_path / "backup", replace=True, pg_exec=["env"])
    assert snapshot(sales) == before


def test_events_published_shortly_before_the_backup_are_sent_again_after_a_restore(
        provisioned: Settings, tmp_path: Path) -> None:
    settings = provisioned
    sales = settings.database_name("sales")
    with admin_connect(sales) as conn:
        conn.execute("UPDATE outbox SET published_at = now() - interval '5 minutes' WHERE event_id = 'evt-sales'")
        conn.execute(
            "INSERT INTO outbox (event_id, tenant_id, seq, source_service, event_type, payload, created_at, "
            "attempts, published_at) VALUES ('evt-old', 'demo', 2, 'sales', 'backup_tested', '{}', "
            "now() - interval '2 days', 0, now() - interval '2 days')")
    backup(settings, tmp_path / "backup", DATABASES)
    report = restore(settings, tmp_path / "backup", replace=True)
    assert report.replayed == {sales: 1}
    with admin_connect(sales) as conn:
        rows = dict(conn.execute("SELECT event_id, published_at IS NULL FROM outbox").fetchall())
    # The recent one goes out again (a consumer dumped earlier may not have it); the old one not.
    assert rows == {"evt-sales": True, "evt-old": False}


def test_a_damaged_backup_restores_nothing(provisioned: Settings, tmp_path: Path) -> None:
    settings = provisioned
    backup(settings, tmp_path / "backup", DATABASES)
    dump = next((tmp_path / "backup" / "databases").glob("*gateway.dump"))
    dump.write_bytes(dump.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(BackupError, match="checksum differs"):
        restore(settings, tmp_path / "backup", replace=True)
    assert all(_exists(settings.database_name(s)) for s in DATABASES)  # nothing was dropped


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_documents_in_s3_buckets_come_back(provisioned: Settings, tmp_path: Path) -> None:
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as exc:
        reason = f"moto[server] is not installed ({exc})"
        if os.environ.get("RENOFLOW_REQUIRE_SERVICES") == "1":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    from minio import Minio

    from shared.documents.minio import MinioDocumentStore

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        client = Minio(f"127.0.0.1:{port}", access_key="test", secret_key="test", secure=False, region="us-east-1")
        prefix = f"rf{uuid.uuid4().hex[:8]}-"
        settings = provisioned.model_copy(update={"documents_backend": "minio", "minio_bucket_prefix": prefix})
        store = MinioDocumentStore(client, prefix, key_prefix="contracts/")
        store.put("demo", "c-1.pdf", "签署的《施工合同》".encode(), "application/pdf")
        store.put("other", "c-2.pdf", b"other's", "application/pdf")
        client.make_bucket("someone-elses-bucket")  # not the platform's: left out

        report = backup(settings, tmp_path / "backup", DATABASES, client=client)
        assert report.documents == 2
        store.remove_tenant("demo")
        assert not client.bucket_exists(f"{prefix}demo")

        restore(settings, tmp_path / "backup", replace=True, client=client)
        assert store.get("demo", "c-1.pdf") == "签署的《施工合同》".encode()
        stat = client.stat_object(f"{prefix}demo", "contracts/c-1.pdf")  # as the store had written it
        assert stat.content_type == "application/pdf"
        assert stat.metadata is not None
        assert stat.metadata.get("x-amz-meta-sha256") == hashlib.sha256("签署的《施工合同》".encode()).hexdigest()
        assert store.get("other", "c-2.pdf") == b"other's"
    finally:
        server.stop()
