"""The document store port: write-once, versioned objects in one namespace per tenant (P01, P02).

The folder adapter serves embedded mode; the MinIO adapter (a bucket per tenant with versioning)
serves distributed mode.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol, runtime_checkable

from shared.errors import Conflict, NotFound
from shared.persistence.files import PRIVATE_DIR_MODE, PRIVATE_FILE_MODE

_SAFE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,200}$")

#: Bytes read or written at a time when a document streams in or out.
CHUNK_BYTES = 1024 * 1024


@dataclass(frozen=True)
class StoredObject:
    key: str
    version: str
    sha256: str
    size: int


class DocumentStore(Protocol):
    """Where document bytes live; metadata lives in the owning service's database."""

    def put(self, tenant_id: str, key: str, data: bytes, content_type: str) -> StoredObject: ...

    def put_stream(self, tenant_id: str, key: str, stream: IO[bytes], size: int, content_type: str, *,
                   sha256: str | None = None) -> StoredObject: ...

    def get(self, tenant_id: str, key: str) -> bytes: ...

    def open_stream(self, tenant_id: str, key: str) -> Iterator[bytes]: ...


def read_exactly(stream: IO[bytes], size: int) -> Iterator[bytes]:
    """``size`` bytes of ``stream`` in chunks; a stream that ends early is an error, not a short document."""
    left = size
    while left:
        chunk = stream.read(min(CHUNK_BYTES, left))
        if not chunk:
            raise ValueError(f"the stream ended {left} bytes short of {size}")
        left -= len(chunk)
        yield chunk


@runtime_checkable
class TenantDocuments(Protocol):
    """A store that can list and remove every document of a tenant (PIPL export and deletion)."""

    def keys(self, tenant_id: str) -> list[str]: ...

    def remove_tenant(self, tenant_id: str) -> int: ...


@runtime_checkable
class PresignedDownloads(Protocol):
    """A store that can hand out short-lived download URLs, so bytes bypass the services.

    Only call this after the caller has been authorized for the document: the URL itself carries
    the permission, and anyone holding it can download until it expires.
    """

    def presigned_url(self, tenant_id: str, key: str, expires_seconds: int = 300) -> str: ...


def check_key(tenant_id: str, key: str) -> None:
    """Refuse tenant ids and keys that could escape their namespace (``..``, absolute paths, odd characters)."""
    if not _SAFE_KEY.match(key) or ".." in key or not re.fullmatch(r"[a-z0-9-]{1,64}", tenant_id):
        raise ValueError(f"unsafe document key {tenant_id}/{key}")


class FolderDocumentStore:
    """Documents as files under ``root/<tenant>/<key>``; an existing key is never overwritten.

    Files are 0600 in 0700 folders, whatever the umask: documents are customers' contracts and
    floor plans, readable by the platform's own user only.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, tenant_id: str, key: str, data: bytes, content_type: str) -> StoredObject:
        """Write a new object; writing an existing key is refused (write-once, rule P02)."""
        return self.put_stream(tenant_id, key, io.BytesIO(data), len(data), content_type)

    def put_stream(self, tenant_id: str, key: str, stream: IO[bytes], size: int, content_type: str, *,
                   sha256: str | None = None) -> StoredObject:
        """Copy ``size`` bytes of ``stream`` into a new object, hashing as it goes (write-once, P02).

        Exclusive create, so a second writer of the key fails instead of replacing the file; a
        copy that fails half-way removes its own file, leaving no half-written document.
        """
        check_key(tenant_id, key)
        path = self.root / tenant_id / key
        self._make_dirs(path.parent)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
        except FileExistsError:
            raise Conflict(f"document {key} already exists and cannot change", rule="P02") from None
        digest = hashlib.sha256()
        try:
            with os.fdopen(fd, "wb") as fh:
                for chunk in read_exactly(stream, size):
                    digest.update(chunk)
                    fh.write(chunk)
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return StoredObject(key=key, version="1", sha256=digest.hexdigest(), size=size)

    def get(self, tenant_id: str, key: str) -> bytes:
        """Read an object of this tenant; another tenant's key is simply not there."""
        return self._path(tenant_id, key).read_bytes()

    def open_stream(self, tenant_id: str, key: str) -> Iterator[bytes]:
        """The object's bytes in chunks; NotFound at once (not on the first chunk) when it is missing."""
        fh = self._path(tenant_id, key).open("rb")

        def chunks() -> Iterator[bytes]:
            with fh:
                while chunk := fh.read(CHUNK_BYTES):
                    yield chunk

        return chunks()

    def keys(self, tenant_id: str) -> list[str]:
        """Every key of the tenant, sorted (the export's list of documents)."""
        check_key(tenant_id, "x")
        folder = self.root / tenant_id
        if not folder.is_dir():
            return []
        return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())

    def remove_tenant(self, tenant_id: str) -> int:
        """Delete the tenant's folder and every document in it; how many documents went.

        The one exception to write-once (P02): a tenant's deletion under PIPL removes its documents.
        """
        import shutil

        count = len(self.keys(tenant_id))
        folder = self.root / tenant_id
        if folder.is_dir():
            shutil.rmtree(folder)
        return count

    def _path(self, tenant_id: str, key: str) -> Path:
        check_key(tenant_id, key)
        path = self.root / tenant_id / key
        if not path.is_file():
            raise NotFound("document not found")
        return path

    def _make_dirs(self, folder: Path) -> None:
        # mkdir(mode=) is filtered by the umask and not applied to existing parents; chmod each
        # folder this store owns (root and below) so an older 0755 tree is tightened too.
        folder.mkdir(parents=True, exist_ok=True)
        current = folder
        while True:
            if current.stat().st_mode & 0o777 != PRIVATE_DIR_MODE:
                current.chmod(PRIVATE_DIR_MODE)
            if current == self.root or self.root not in current.parents:
                break
            current = current.parent
