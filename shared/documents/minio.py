"""The MinIO (S3) document store: one versioned bucket per tenant, write-once keys (P01, P02).

Distributed mode keeps document bytes here; the owning service keeps the metadata (key, version
id, sha256) in its own database. Downloads go straight from MinIO to the browser through
short-lived presigned URLs, handed out only after the service has authorized the caller.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import IO, BinaryIO, cast

from minio import Minio
from minio.commonconfig import ENABLED
from minio.deleteobjects import DeleteObject
from minio.error import S3Error
from minio.versioningconfig import VersioningConfig

from shared.documents.store import CHUNK_BYTES, StoredObject, check_key
from shared.errors import Conflict, NotFound

# S3 bucket naming: 3–63 characters, lowercase letters, digits, dots and hyphens, starting and
# ending with a letter or digit. Tenant ids are checked by check_key; this catches the combination
# with the prefix being too long or ending badly, which check_key cannot know about.
_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")

# "Short-lived" (architecture.md): a link that leaks stays useful for at most an hour.
MAX_PRESIGN_SECONDS = 3600

# Error codes meaning "this tenant has no such object"; a missing bucket is just a tenant that
# never stored anything, and must look the same as a missing key (NotFound says nothing more).
_MISSING = {"NoSuchKey", "NoSuchBucket", "NoSuchVersion", "ResourceNotFound"}


class MinioDocumentStore:
    """Documents as objects in bucket ``<bucket_prefix><tenant_id>``, versioning on, never overwritten.

    ``key_prefix`` namespaces one service's keys inside the tenant's bucket (the services share a
    tenant's bucket, just as the folder store gives each service its own directory).

    ``object_lock`` creates new buckets with S3 Object Lock enabled, so that no version can be
    deleted or overwritten while under retention. It must be chosen when the bucket is created and
    cannot be added later; MinIO supports it (moto 5.2 accepts it too), some S3-compatible servers
    do not, so it is off by default. No default retention is set: the write-once rule (P02) is
    enforced by this class either way, and object lock only adds the server-side guarantee.
    """

    def __init__(
        self, client: Minio, bucket_prefix: str = "renoflow-", *, key_prefix: str = "", object_lock: bool = False
    ) -> None:
        self.client = client
        self.bucket_prefix = bucket_prefix
        self.key_prefix = key_prefix
        self.object_lock = object_lock
        # Buckets known to exist with versioning on; saves two round trips on every put.
        self._ready: set[str] = set()
        self._lock = threading.Lock()

    def bucket_name(self, tenant_id: str) -> str:
        """The bucket that holds this tenant's documents (and nothing else)."""
        name = f"{self.bucket_prefix}{tenant_id}"
        if not _BUCKET_NAME.match(name) or ".." in name:
            raise ValueError(f"tenant id {tenant_id!r} gives an invalid bucket name {name!r}")
        return name

    def put(self, tenant_id: str, key: str, data: bytes, content_type: str) -> StoredObject:
        """Store a new object; writing an existing key is refused (write-once, rule P02)."""
        return self.put_stream(tenant_id, key, io.BytesIO(data), len(data), content_type,
                               sha256=hashlib.sha256(data).hexdigest())

    def put_stream(self, tenant_id: str, key: str, stream: IO[bytes], size: int, content_type: str, *,
                   sha256: str | None = None) -> StoredObject:
        """Stream ``size`` bytes of ``stream`` into a new object (write-once, rule P02).

        The SDK sends objects past its part size as a multipart upload, so memory stays at one
        part whatever the size. ``sha256``, when the caller already has it (the gateway hashes while
        spooling), is kept as object metadata; the hash returned is always the one of the bytes
        read here. The check is stat-then-put, so two writers racing on the same key could both
        pass it. Callers use fresh server-allotted keys, and versioning keeps the first write under
        its version id regardless, which is what the caller records.
        """
        check_key(tenant_id, key)
        bucket = self._ensure_bucket(tenant_id)
        name = self._object_name(key)
        if self._exists(bucket, name):
            raise Conflict(f"document {key} already exists and cannot change", rule="P02")
        reader = _HashingReader(stream)
        result = self.client.put_object(bucket, name, cast(BinaryIO, reader), size, content_type=content_type,
                                        metadata={"sha256": sha256} if sha256 else None)
        if reader.read_bytes != size:
            raise ValueError(f"the stream gave {reader.read_bytes} bytes, not {size}")
        # With versioning on S3 always returns a version id; "null" is S3's own name for "unversioned".
        return StoredObject(key=key, version=result.version_id or "null", sha256=reader.digest.hexdigest(),
                            size=size)

    def get(self, tenant_id: str, key: str) -> bytes:
        """Read the current version of one of this tenant's objects; other tenants' keys are simply not there."""
        check_key(tenant_id, key)
        bucket = self.bucket_name(tenant_id)
        try:
            response = self.client.get_object(bucket, self._object_name(key))
        except S3Error as exc:
            if exc.code in _MISSING:
                raise NotFound("document not found") from None
            raise
        try:
            return response.read()
        finally:
            # Return the pooled connection; urllib3 would otherwise keep it busy until collected.
            response.close()
            response.release_conn()

    def open_stream(self, tenant_id: str, key: str) -> Iterator[bytes]:
        """The current version's bytes in chunks; NotFound at once when the object is missing."""
        check_key(tenant_id, key)
        try:
            response = self.client.get_object(self.bucket_name(tenant_id), self._object_name(key))
        except S3Error as exc:
            if exc.code in _MISSING:
                raise NotFound("document not found") from None
            raise

        def chunks() -> Iterator[bytes]:
            try:
                yield from response.stream(CHUNK_BYTES)
            finally:
                response.close()
                response.release_conn()

        return chunks()

    def presigned_url(self, tenant_id: str, key: str, expires_seconds: int = 300) -> str:
        """A GET URL for one object, valid ``expires_seconds`` (at most an hour); authorize the caller first.

        The object is looked up first so that a missing document answers NotFound now rather than
        a 404 from MinIO in the user's browser later.
        """
        check_key(tenant_id, key)
        if not 1 <= expires_seconds <= MAX_PRESIGN_SECONDS:
            raise ValueError(f"presigned URLs live 1..{MAX_PRESIGN_SECONDS} seconds, not {expires_seconds}")
        bucket = self.bucket_name(tenant_id)
        name = self._object_name(key)
        if not self._exists(bucket, name):
            raise NotFound("document not found")
        return self.client.presigned_get_object(bucket, name, expires=timedelta(seconds=expires_seconds))

    def keys(self, tenant_id: str) -> list[str]:
        """This service's keys in the tenant's bucket, sorted (the export's list of documents)."""
        check_key(tenant_id, "x")
        bucket = self.bucket_name(tenant_id)
        if not self.client.bucket_exists(bucket):
            return []
        names = (obj.object_name or "" for obj in self.client.list_objects(
            bucket, prefix=self.key_prefix or None, recursive=True))
        return sorted(name.removeprefix(self.key_prefix) for name in names if name)

    def remove_tenant(self, tenant_id: str) -> int:
        """Delete every version of this service's objects in the tenant's bucket, then the bucket
        once no service has objects left in it; how many documents (current keys) went.

        The one exception to write-once (P02): a tenant's deletion under PIPL. A bucket created with
        object lock refuses to delete versions under retention; that error is raised, not hidden.
        """
        check_key(tenant_id, "x")
        bucket = self.bucket_name(tenant_id)
        if not self.client.bucket_exists(bucket):
            return 0
        count = len(self.keys(tenant_id))
        versions = [DeleteObject(obj.object_name or "", obj.version_id) for obj in self.client.list_objects(
            bucket, prefix=self.key_prefix or None, recursive=True, include_version=True)]
        failures = list(self.client.remove_objects(bucket, versions)) if versions else []
        if failures:
            raise RuntimeError(f"{len(failures)} objects of {bucket} could not be deleted: {failures[0]}")
        if not any(True for _ in self.client.list_objects(bucket, recursive=True, include_version=True)):
            self.client.remove_bucket(bucket)
            self._ready.discard(bucket)
        return count

    def _object_name(self, key: str) -> str:
        return f"{self.key_prefix}{key}"

    def _exists(self, bucket: str, name: str) -> bool:
        try:
            self.client.stat_object(bucket, name)
        except S3Error as exc:
            if exc.code in _MISSING:
                return False
            raise
        return True

    def _ensure_bucket(self, tenant_id: str) -> str:
        bucket = self.bucket_name(tenant_id)
        if bucket in self._ready:
            return bucket
        with self._lock:
            if bucket not in self._ready:
                if not self.client.bucket_exists(bucket):
                    try:
                        self.client.make_bucket(bucket, object_lock=self.object_lock)
                    except S3Error as exc:
                        # Another process created it between our check and our create: fine. (Not
                        # BucketAlreadyExists: that one belongs to someone else.)
                        if exc.code != "BucketAlreadyOwnedByYou":
                            raise
                # Set every time we first see a bucket, not only on creation: a bucket made by
                # hand or by an older release must not silently stay unversioned.
                self.client.set_bucket_versioning(bucket, VersioningConfig(ENABLED))
                self._ready.add(bucket)
        return bucket


class _HashingReader:
    """A file object that hashes and counts what the SDK reads from it."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.digest.update(chunk)
        self.read_bytes += len(chunk)
        return chunk
