"""The folder document store of embedded mode: write-once (P02), one namespace per tenant (P01), safe keys."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from shared.documents import FolderDocumentStore, PresignedDownloads
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
