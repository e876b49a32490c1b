"""The document store port: write-once, versioned objects in one namespace per tenant (P01, P02).

The folder adapter serves embedded mode; the MinIO adapter (a bucket per tenant with versioning)
serves distributed mode.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from shared.errors import Conflict, NotFound

_SAFE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,200}$")


@dataclass(frozen=True)
class StoredObject:
    key: str
    version: str
    sha256: str
    size: int


class DocumentStore(Protocol):
    """Where document bytes live; metadata lives in the owning service's database."""

    def put(self, tenant_id: str, key: str, data: bytes, content_type: str) -> StoredObject: ...

    def get(self, tenant_id: str, key: str) -> bytes: ...


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
    """Documents as files under ``root/<tenant>/<key>``; an existing key is never overwritten."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, tenant_id: str, key: str, data: bytes, content_type: str) -> StoredObject:
        """Write a new object; writing an existing key is refused (write-once, rule P02)."""
        check_key(tenant_id, key)
        path = self.root / tenant_id / key
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("xb") as fh:
                fh.write(data)
        except FileExistsError:
            raise Conflict(f"document {key} already exists and cannot change", rule="P02") from None
        return StoredObject(key=key, version="1", sha256=hashlib.sha256(data).hexdigest(), size=len(data))

    def get(self, tenant_id: str, key: str) -> bytes:
        """Read an object of this tenant; another tenant's key is simply not there."""
        check_key(tenant_id, key)
        path = self.root / tenant_id / key
        if not path.is_file():
            raise NotFound("document not found")
        return path.read_bytes()
