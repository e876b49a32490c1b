"""Chooses the document store adapter from configuration."""

from __future__ import annotations

from shared.documents import DocumentStore, FolderDocumentStore
from shared.settings import Settings


def make_document_store(settings: Settings, service: str) -> DocumentStore:
    """The folder store in embedded mode (``<data_dir>/documents/<service>``)."""
    if settings.documents_backend == "minio":
        raise NotImplementedError("the MinIO adapter arrives with distributed mode (issue 3)")
    return FolderDocumentStore(settings.data_dir / "documents" / service)
