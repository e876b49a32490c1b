"""Backups without a server: the manifest is checked before anything is restored (issue 12 item 6).

The round trip through a real PostgreSQL is tests/integration/test_backup_restore.py.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from renoflow.backup import FORMAT, BackupError, backup, restore, verify
from renoflow.cli import app
from shared.settings import Settings


def fake_backup(root: Path) -> Path:
    """A backup directory as `renoflow backup` writes it, with one dump and one document."""
    (root / "databases").mkdir(parents=True)
    (root / "documents" / "contracts" / "demo").mkdir(parents=True)
    dump = root / "databases" / "renoflow_gateway.dump"
    dump.write_bytes(b"PGDMP fake archive")
    doc = root / "documents" / "contracts" / "demo" / "c.pdf"
    doc.write_bytes("%PDF 合同".encode())

    def entry(path: Path, **extra: str) -> dict[str, object]:
        data = path.read_bytes()
        return {"path": path.relative_to(root).as_posix(), "sha256": hashlib.sha256(data).hexdigest(),
                "bytes": len(data), **extra}

    manifest = {"format": FORMAT, "created_at": "2026-12-01T00:00:00+00:00", "server_version": "16.10",
                "databases": [entry(dump, database="renoflow_gateway", service="gateway")],
                "documents": {"backend": "folder", "files": [entry(doc)]}}
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return root


def test_a_complete_backup_verifies(tmp_path: Path) -> None:
    manifest = verify(fake_backup(tmp_path / "b"))
    assert [e.database for e in manifest.databases] == ["renoflow_gateway"]
    assert [e.path for e in manifest.documents] == ["documents/contracts/demo/c.pdf"]


def test_a_changed_or_missing_file_fails_verification(tmp_path: Path) -> None:
    root = fake_backup(tmp_path / "b")
    (root / "databases" / "renoflow_gateway.dump").write_bytes(b"PGDMP fake archivX")
    (root / "documents" / "contracts" / "demo" / "c.pdf").unlink()
    with pytest.raises(BackupError) as failure:
        verify(root)
    assert "renoflow_gateway.dump: checksum differs" in str(failure.value)
    assert "c.pdf: missing" in str(failure.value)


def test_a_directory_without_manifest_is_no_backup(tmp_path: Path) -> None:
    (tmp_path / "b.partial").mkdir()
    with pytest.raises(BackupError, match="no manifest.json"):
        verify(tmp_path / "b.partial")


def test_a_damaged_backup_never_reaches_the_server(tmp_path: Path) -> None:
    root = fake_backup(tmp_path / "b")
    (root / "databases" / "renoflow_gateway.dump").write_bytes(b"tampered")
    # An unreachable server: had restore got past verification, it would fail differently.
    settings = Settings(mode="distributed", database_url="postgresql://postgres@127.0.0.1:1/", data_dir=tmp_path)
    with pytest.raises(BackupError, match="damaged, nothing was restored"):
        restore(settings, root, replace=True)


def test_embedded_mode_is_refused_with_where_to_look(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="embedded mode"):
        backup(Settings(data_dir=tmp_path), tmp_path / "b", ["sales"])


def test_a_backup_never_goes_into_a_used_directory(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "old").write_text("x")
    settings = Settings(mode="distributed", database_url="postgresql://postgres@127.0.0.1:1/", data_dir=tmp_path)
    with pytest.raises(BackupError, match="not empty"):
        backup(settings, tmp_path / "b", ["sales"])
    assert (tmp_path / "b" / "old").read_text() == "x"


def test_restore_check_on_the_command_line(tmp_path: Path) -> None:
    root = fake_backup(tmp_path / "b")
    ok = CliRunner().invoke(app, ["restore", str(root), "--check"])
    assert ok.exit_code == 0, ok.output
    assert "every checksum matches" in " ".join(ok.output.split())  # rich wraps long lines
    (root / "documents" / "contracts" / "demo" / "c.pdf").write_bytes(b"changed")
    bad = CliRunner().invoke(app, ["restore", str(root), "--check"])
    assert bad.exit_code == 1
    assert "checksum differs" in " ".join(bad.output.split())
