"""The MinIO document store against moto's S3 server (P01 tenant buckets, P02 write-once, presigned downloads).

moto runs in-process on a free 127.0.0.1 port; the store talks to it over real HTTP through the
minio SDK, so signing, bucket creation, versioning and presigning are all exercised.

``RENOFLOW_TEST_S3_ENDPOINT`` (``host:port``, with ``RENOFLOW_TEST_S3_ACCESS_KEY`` and
``RENOFLOW_TEST_S3_SECRET_KEY``) runs the same tests against another S3 server instead, such as
the SeaweedFS of docker-compose.yml (docs/deploy.md, "Checking the object store").
"""

from __future__ import annotations

import hashlib
import os
import socket
import uuid
from collections.abc import Iterator

import httpx
import pytest

from shared.errors import Conflict, NotFound
from shared.settings import Settings

pytestmark = pytest.mark.integration

try:
    from moto.server import ThreadedMotoServer
except ImportError as exc:  # pragma: no cover - depends on the environment
    _reason = f"moto[server] is not installed ({exc}); pip install 'moto[server]' to run the S3 store tests"
    print(_reason)
    if os.environ.get("RENOFLOW_REQUIRE_SERVICES") == "1":
        pytest.fail(_reason, pytrace=False)
    pytest.skip(_reason, allow_module_level=True)

from minio import Minio  # noqa: E402  (only meaningful once moto is known to be there)
from minio.commonconfig import ENABLED  # noqa: E402
from minio.error import S3Error  # noqa: E402

from shared.documents.minio import MinioDocumentStore  # noqa: E402
from shared.documents.store import PresignedDownloads  # noqa: E402
from shared.documents.stores import make_document_store  # noqa: E402

PDF = "%PDF-1.7\n签署的《施工合同》\n".encode()
#: A real server of the operator's choosing, or moto (which accepts any credentials).
EXTERNAL_S3 = os.environ.get("RENOFLOW_TEST_S3_ENDPOINT", "")
ACCESS_KEY = os.environ.get("RENOFLOW_TEST_S3_ACCESS_KEY", "test") if EXTERNAL_S3 else "test"
SECRET_KEY = os.environ.get("RENOFLOW_TEST_S3_SECRET_KEY", "test") if EXTERNAL_S3 else "test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """``host:port`` of a moto S3 server running for the whole session (or of RENOFLOW_TEST_S3_ENDPOINT)."""
    if EXTERNAL_S3:
        yield EXTERNAL_S3
        return
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def client(s3_endpoint: str) -> Minio:
    # moto accepts any credentials; the region is given so presigning never asks the server.
    return Minio(s3_endpoint, access_key=ACCESS_KEY, secret_key=SECRET_KEY, secure=False, region="us-east-1")


@pytest.fixture
def prefix() -> str:
    """A fresh bucket prefix per test: the moto server is shared, so tests must not see each other's buckets."""
    return f"rf{uuid.uuid4().hex[:8]}-"


@pytest.fixture
def store(client: Minio, prefix: str) -> MinioDocumentStore:
    return MinioDocumentStore(client, prefix)


def test_put_then_get_round_trip(store: MinioDocumentStore) -> None:
    stored = store.put("demo", "documents/contract-1.pdf", PDF, "application/pdf")

    assert store.get("demo", "documents/contract-1.pdf") == PDF
    assert stored.key == "documents/contract-1.pdf"
    assert stored.size == len(PDF)
    assert stored.version and stored.version != "null"


def test_sha256_is_computed_locally_and_kept_as_object_metadata(store: MinioDocumentStore, client: Minio) -> None:
    stored = store.put("demo", "documents/c.pdf", PDF, "application/pdf")

    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    stat = client.stat_object(store.bucket_name("demo"), "documents/c.pdf")
    assert stat.metadata is not None and stat.metadata.get("x-amz-meta-sha256") == stored.sha256
    assert stat.version_id == stored.version
    assert stat.content_type == "application/pdf"


def test_each_tenant_gets_its_own_versioned_bucket(store: MinioDocumentStore, client: Minio, prefix: str) -> None:
    store.put("demo", "a.pdf", PDF, "application/pdf")
    store.put("other", "a.pdf", b"other's", "application/pdf")

    for tenant in ("demo", "other"):
        bucket = f"{prefix}{tenant}"
        assert client.bucket_exists(bucket)
        assert client.get_bucket_versioning(bucket).status == ENABLED
    assert store.get("demo", "a.pdf") == PDF
    assert store.get("other", "a.pdf") == b"other's"


def test_p02_second_put_on_same_key_is_refused_and_original_stays(
    store: MinioDocumentStore, client: Minio
) -> None:
    first = store.put("demo", "forms/handover.pdf", PDF, "application/pdf")

    with pytest.raises(Conflict) as err:
        store.put("demo", "forms/handover.pdf", b"tampered", "application/pdf")

    assert err.value.rule == "P02"
    assert store.get("demo", "forms/handover.pdf") == PDF
    versions = list(client.list_objects(store.bucket_name("demo"), prefix="forms/handover.pdf", include_version=True))
    assert [v.version_id for v in versions] == [first.version]


def test_p01_another_tenant_cannot_read_demos_key(store: MinioDocumentStore) -> None:
    store.put("demo", "documents/secret.pdf", PDF, "application/pdf")

    # "other" has no bucket at all yet, then one without the key: both must look the same.
    with pytest.raises(NotFound):
        store.get("other", "documents/secret.pdf")
    store.put("other", "documents/mine.pdf", b"x", "application/pdf")
    with pytest.raises(NotFound):
        store.get("other", "documents/secret.pdf")
    with pytest.raises(NotFound):
        store.presigned_url("other", "documents/secret.pdf")


def test_missing_key_is_not_found(store: MinioDocumentStore) -> None:
    store.put("demo", "a.pdf", PDF, "application/pdf")
    with pytest.raises(NotFound):
        store.get("demo", "b.pdf")


def test_presigned_url_downloads_the_bytes_within_expiry(store: MinioDocumentStore) -> None:
    store.put("demo", "documents/contract.pdf", PDF, "application/pdf")

    url = store.presigned_url("demo", "documents/contract.pdf", expires_seconds=60)

    assert isinstance(store, PresignedDownloads)
    assert "X-Amz-Expires=60" in url
    res = httpx.get(url, timeout=10)
    assert res.status_code == 200, res.text
    assert res.content == PDF
    assert hashlib.sha256(res.content).hexdigest() == hashlib.sha256(PDF).hexdigest()


def test_presigned_url_must_be_short_lived(store: MinioDocumentStore) -> None:
    store.put("demo", "a.pdf", PDF, "application/pdf")
    with pytest.raises(ValueError):
        store.presigned_url("demo", "a.pdf", expires_seconds=7 * 24 * 3600)
    with pytest.raises(ValueError):
        store.presigned_url("demo", "a.pdf", expires_seconds=0)


def test_unsafe_keys_and_tenants_are_refused(store: MinioDocumentStore) -> None:
    for tenant, key in (("demo", "../other/a.pdf"), ("demo", "/abs.pdf"), ("Demo", "a.pdf"), ("x" * 64, "a.pdf")):
        with pytest.raises(ValueError):
            store.put(tenant, key, PDF, "application/pdf")


def test_settings_select_the_minio_store_with_a_service_namespace(s3_endpoint: str, client: Minio, prefix: str) -> None:
    settings = Settings(
        documents_backend="minio", minio_endpoint=s3_endpoint, minio_access_key=ACCESS_KEY, minio_secret_key=SECRET_KEY,
        minio_bucket_prefix=prefix,
    )
    contracts = make_document_store(settings, "contracts")
    sales = make_document_store(settings, "sales")
    assert isinstance(contracts, MinioDocumentStore)

    contracts.put("demo", "documents/1.pdf", PDF, "application/pdf")
    sales.put("demo", "documents/1.pdf", b"sales' own", "application/pdf")  # same key, other service: no clash

    assert contracts.get("demo", "documents/1.pdf") == PDF
    assert sales.get("demo", "documents/1.pdf") == b"sales' own"
    names = sorted(o.object_name or "" for o in client.list_objects(f"{prefix}demo", recursive=True))
    assert names == ["contracts/documents/1.pdf", "sales/documents/1.pdf"]


def test_object_lock_is_chosen_at_bucket_creation(client: Minio, prefix: str) -> None:
    locked = MinioDocumentStore(client, prefix + "l", object_lock=True)
    plain = MinioDocumentStore(client, prefix + "p")
    locked.put("demo", "a.pdf", PDF, "application/pdf")
    plain.put("demo", "a.pdf", PDF, "application/pdf")

    client.get_object_lock_config(locked.bucket_name("demo"))  # present: would raise otherwise
    with pytest.raises(S3Error):
        client.get_object_lock_config(plain.bucket_name("demo"))
    assert client.get_bucket_versioning(locked.bucket_name("demo")).status == ENABLED


def test_H6_put_stream_sends_a_large_file_in_parts_and_keeps_write_once(store: MinioDocumentStore,
                                                                         client: Minio) -> None:
    import io

    # Past the SDK's 5 MiB minimum part size, so the object goes up as a multipart upload.
    data = bytes(range(256)) * (6 * 4096 + 3)
    digest = hashlib.sha256(data).hexdigest()
    stored = store.put_stream("demo", "documents/site.mp4", io.BytesIO(data), len(data), "video/mp4", sha256=digest)

    assert (stored.size, stored.sha256) == (len(data), digest)
    assert b"".join(store.open_stream("demo", "documents/site.mp4")) == data
    stat = client.stat_object(store.bucket_name("demo"), "documents/site.mp4")
    assert stat.metadata is not None and stat.metadata.get("x-amz-meta-sha256") == digest
    with pytest.raises(Conflict):
        store.put_stream("demo", "documents/site.mp4", io.BytesIO(b"x"), 1, "video/mp4")
    with pytest.raises(NotFound):
        store.open_stream("other", "documents/site.mp4")


def test_p01_a_tenants_documents_are_listed_and_removed_with_every_version(client: Minio, prefix: str) -> None:
    """PIPL deletion: every version of one service's objects, then the bucket once it is empty."""
    contracts = MinioDocumentStore(client, prefix, key_prefix="contracts/")
    aftercare = MinioDocumentStore(client, prefix, key_prefix="aftercare/")
    contracts.put("gone", "a/one.pdf", PDF, "application/pdf")
    contracts.put("gone", "two.pdf", PDF, "application/pdf")
    aftercare.put("gone", "photo.jpg", b"jpeg", "image/jpeg")
    contracts.put("kept", "a/one.pdf", PDF, "application/pdf")
    assert contracts.keys("gone") == ["a/one.pdf", "two.pdf"] and aftercare.keys("gone") == ["photo.jpg"]

    assert contracts.remove_tenant("gone") == 2
    assert contracts.keys("gone") == [] and aftercare.keys("gone") == ["photo.jpg"]  # the bucket is shared
    assert client.bucket_exists(contracts.bucket_name("gone"))
    assert aftercare.remove_tenant("gone") == 1
    assert not client.bucket_exists(contracts.bucket_name("gone"))
    assert contracts.get("kept", "a/one.pdf") == PDF
    assert contracts.remove_tenant("never-stored") == 0
