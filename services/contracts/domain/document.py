"""An uploaded file's record; the bytes are in the document store under its ``storage_key``."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from shared.errors import NotFound


class DocumentStatus(StrEnum):
    #: Allotted: the gateway is streaming the bytes; invisible everywhere until recorded.
    PENDING = "pending"
    #: The bytes are stored and their size and SHA-256 recorded; only these are ever shown.
    STORED = "stored"


class Document:
    """A document of one store (H6): of the record it was uploaded for, or of its uploader.

    Documents from before stores were recorded have none and are seen by tenant-wide roles only.
    """

    def __init__(self, *, id: str, store: str | None, kind: str, filename: str, content_type: str,
                 uploaded_by: str, created_at: datetime, lead_id: str | None = None,
                 contract_id: str | None = None, status: DocumentStatus = DocumentStatus.PENDING,
                 sha256: str = "", size: int = 0, storage_key: str | None = None) -> None:
        self.id, self.store, self.lead_id, self.contract_id = id, store, lead_id, contract_id
        self.kind, self.filename, self.content_type = kind, filename, content_type
        self.status, self.sha256, self.size = status, sha256, size
        self.storage_key = storage_key or f"documents/{id}"
        self.uploaded_by, self.created_at = uploaded_by, created_at

    @classmethod
    def allot(cls, **fields: object) -> Document:
        """Reserve an id and storage key for an upload about to be streamed (no bytes yet)."""
        return cls(**fields, status=DocumentStatus.PENDING)  # type: ignore[arg-type]

    @property
    def is_stored(self) -> bool:
        """Only a stored document is ever shown."""
        return self.status == DocumentStatus.STORED

    def check_pending_upload_of(self, username: str) -> None:
        """Only the uploader completes or abandons an allotment; to anyone else it does not exist."""
        if self.status != DocumentStatus.PENDING or self.uploaded_by != username:
            raise NotFound("document not found")

    def record(self, *, size: int, sha256: str) -> None:
        """The bytes are stored: record their size and SHA-256; the document is visible from now."""
        self.size, self.sha256, self.status = size, sha256, DocumentStatus.STORED
