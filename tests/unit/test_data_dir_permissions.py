"""Issue 6 item 9: what the platform keeps under its data directory is 0600 in 0700 folders.

Documents (``documents/``) are the document store's own business and checked with it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from renoflow.distributed import nameko_config
from renoflow.embedded import build_platform
from shared.persistence.files import open_private, private_dir, private_sqlite_file, write_private
from shared.settings import Settings


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    # The common default: files 0644 and folders 0755 unless the platform says otherwise.
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def platform_files(data_dir: Path) -> tuple[list[Path], list[Path]]:
    folders, files = [data_dir], []
    for root, dirs, names in os.walk(data_dir):
        dirs[:] = [d for d in dirs if d != "documents"]
        folders += [Path(root) / d for d in dirs]
        # SQLite removes a -wal/-shm when its last connection closes: only what is still there.
        files += [Path(root) / n for n in names if (Path(root) / n).exists()]
    return folders, files


@contextmanager
def running(data_dir: Path) -> Iterator[None]:
    platform = build_platform(Settings(data_dir=data_dir, environment="test"))
    if not platform.directory.tenant_exists("acme"):
        platform.directory.add_tenant("acme", "顶好装饰", "Acme")  # a write, so the WAL files exist
    try:
        yield
    finally:
        platform.close()


def start_and_stop(data_dir: Path) -> None:
    with running(data_dir):
        pass


def test_H6_data_dir_is_0700_and_everything_in_it_0600(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    with running(data_dir):
        folders, files = platform_files(data_dir)
        names = {str(f.relative_to(data_dir)) for f in files}
        assert {"gateway.db", "identity.db", "sales.db", "finance.db", "identity/signing-key.pem"} <= names
        assert any(name.endswith("-wal") for name in names), names
        assert {str(f): oct(mode(f)) for f in folders if mode(f) != 0o700} == {}
        assert {str(f): oct(mode(f)) for f in files if mode(f) != 0o600} == {}


def test_H6_files_left_0644_by_an_older_version_are_tightened_on_start(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    start_and_stop(data_dir)
    folders, files = platform_files(data_dir)
    for folder in folders:
        os.chmod(folder, 0o755)
    for file in files:
        os.chmod(file, 0o644)
    with running(data_dir):
        folders, files = platform_files(data_dir)
        assert {str(f): oct(mode(f)) for f in folders if mode(f) != 0o700} == {}
        assert {str(f): oct(mode(f)) for f in files if mode(f) != 0o600} == {}


def test_H6_a_new_sqlite_file_and_its_journals_are_private_before_sqlite_opens_them(tmp_path: Path) -> None:
    database = tmp_path / "fresh.db"
    (tmp_path / "fresh.db-journal").write_bytes(b"")
    private_sqlite_file(database)
    assert database.stat().st_size == 0 and mode(database) == 0o600
    assert mode(tmp_path / "fresh.db-journal") == 0o600


def test_H6_nameko_config_with_the_broker_password_is_0600(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, amqp_uri="amqp://renoflow:s3cret@rabbitmq:5672/")
    path = nameko_config(settings, tmp_path / "var" / "nameko.yaml")
    assert "s3cret" in path.read_text()
    assert mode(path) == 0o600 and mode(path.parent) == 0o700


def test_H6_a_rewritten_private_file_is_never_seen_half_written(tmp_path: Path) -> None:
    # Replicas start together and read nameko.yaml while a sibling's start rewrites it: the file
    # they open must be the old one or the new one, never an empty one.
    path = write_private(tmp_path / "nameko.yaml", "AMQP_URI: old\n")
    reader = path.open()
    write_private(path, "AMQP_URI: new\n")
    assert reader.read() == "AMQP_URI: old\n"  # the open file kept its content: it was replaced, not truncated
    reader.close()
    assert path.read_text() == "AMQP_URI: new\n" and mode(path) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["nameko.yaml"]


def test_H6_service_logs_are_appended_as_0600(tmp_path: Path) -> None:
    logs = private_dir(tmp_path / "logs")
    (logs / "sales.log").write_bytes(b"earlier\n")
    os.chmod(logs / "sales.log", 0o644)
    with open_private(logs / "sales.log") as out:
        out.write(b"later\n")
    assert (logs / "sales.log").read_bytes() == b"earlier\nlater\n"
    assert mode(logs / "sales.log") == 0o600 and mode(logs) == 0o700
