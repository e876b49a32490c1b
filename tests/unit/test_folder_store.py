"""The folder document store of embedded mode: write-once (P02), one namespace per tenant (P01), safe keys."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from shared.documents.store import FolderDocumentStore, PresignedDownloads
from shared.errors import Conflict, NotFound

PDF = "%PDF-1.7\n签署的《施工合同》\n".encode()


@pytest.fixture
def store(tmp_path: Path) -> FolderDocumentStore:
    return FolderDocumentStore(tmp_path)


def test_put_then_get_round_trip_with_hash_and_size(store: FolderDocumentStore) -> None:
    stored = store.put("demo", "documents/c.pdf", PDF, "application/pdf")

    assert store.get("demo", "documents/c.pdf") == PDF
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored.size == len(PDF)
    assert stored.key == "documents/c.pdf"


def test_p02_existing_key_is_never_overwritten(store: FolderDocumentStore) -> None:
    store.put("demo", "forms/handover.pdf", PDF, "application/pdf")

    with pytest.raises(Conflict) as err:
        store.put("demo", "forms/handover.pdf", b"tampered", "application/pdf")

    assert err.value.rule == "P02"
    assert store.get("demo", "forms/handover.pdf") == PDF


def test_p01_another_tenant_cannot_read_the_key(store: FolderDocumentStore, tmp_path: Path) -> None:
    store.put("demo", "documents/secret.pdf", PDF, "application/pdf")

    with pytest.raises(NotFound):
        store.get("other", "documents/secret.pdf")
    # The same key for another tenant is a different document, not a P02 conflict.
    store.put("other", "documents/secret.pdf", b"other's", "application/pdf")
    assert store.get("demo", "documents/secret.pdf") == PDF
    assert (tmp_path / "other" / "documents" / "secret.pdf").read_bytes() == b"other's"


def test_missing_key_is_not_found(store: FolderDocumentStore) -> None:
    with pytest.raises(NotFound):
        store.get("demo", "nothing.pdf")


@pytest.mark.parametrize(
    ("tenant", "key"),
    [
        ("demo", "../other/secret.pdf"),
        ("demo", "documents/../../other/secret.pdf"),
        ("demo", "/etc/passwd"),
        ("demo", ".hidden"),
        ("demo", "a\\b.pdf"),
        ("demo", ""),
        ("../demo", "a.pdf"),
        ("Demo", "a.pdf"),
        ("", "a.pdf"),
    ],
)
def test_unsafe_keys_and_tenants_are_refused(store: FolderDocumentStore, tmp_path: Path, tenant: str, key: str) -> None:
    with pytest.raises(ValueError):
        store.put(tenant, key, PDF, "application/pdf")
    with pytest.raises(ValueError):
        store.get(tenant, key)
    assert not any(tmp_path.iterdir())


def test_folder_store_offers_no_presigned_downloads(store: FolderDocumentStore) -> None:
    # Embedded mode streams documents through the gateway; only the S3 store can presign.
    assert not isinstance(store, PresignedDownloads)


def test_H6_document_files_are_0600_in_0700_folders(tmp_path: Path) -> None:
    import os
    import stat

    old = os.umask(0o022)  # the usual umask, which made them 0644 in 0755 folders
    try:
        store = FolderDocumentStore(tmp_path / "documents" / "contracts")
        store.put("demo", "documents/a/b.pdf", PDF, "application/pdf")
    finally:
        os.umask(old)
    root = tmp_path / "documents" / "contracts"
    file = root / "demo" / "documents" / "a" / "b.pdf"
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    for folder in (root, root / "demo", root / "demo" / "documents", root / "demo" / "documents" / "a"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_H6_put_stream_copies_a_file_object_in_chunks_with_its_hash(store: FolderDocumentStore) -> None:
    import io

    data = b"\x00\x01" * (1024 * 1024 + 7)  # more than one chunk
    stored = store.put_stream("demo", "documents/big.mp4", io.BytesIO(data), len(data), "video/mp4")
    assert (stored.size, stored.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert b"".join(store.open_stream("demo", "documents/big.mp4")) == data
    with pytest.raises(Conflict):
        store.put_stream("demo", "documents/big.mp4", io.BytesIO(b"x"), 1, "video/mp4")


def test_H6_a_stream_that_ends_short_leaves_no_file(store: FolderDocumentStore, tmp_path: Path) -> None:
    import io

    with pytest.raises(ValueError):
        store.put_stream("demo", "documents/short.pdf", io.BytesIO(PDF), len(PDF) + 10, "application/pdf")
    with pytest.raises(NotFound):
        store.get("demo", "documents/short.pdf")
    with pytest.raises(NotFound):
        store.open_stream("demo", "documents/short.pdf")
