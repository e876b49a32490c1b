"""Chooses the document store adapter from configuration."""

from __future__ import annotations

from shared.documents.store import DocumentStore, FolderDocumentStore
from shared.settings import Settings


def make_document_store(settings: Settings, service: str) -> DocumentStore:
    """The folder store in embedded mode (``<data_dir>/documents/<service>``), MinIO otherwise.

    With MinIO the services share each tenant's bucket, so a service's keys are put under
    ``<service>/`` in it, the same separation the folder store gets from its directories.
    """
    if settings.documents_backend == "minio":
        # Imported here so embedded mode never needs the minio SDK loaded.
        from minio import Minio

        from shared.documents.minio import MinioDocumentStore

        client = Minio(
            settings.minio_endpoint,
            access_key=settings.minio_access_key,
            secret_key=settings.minio_secret_key,
            secure=settings.minio_secure,
            region=settings.minio_region,
        )
        return MinioDocumentStore(
            client,
            settings.minio_bucket_prefix,
            key_prefix=f"{service}/",
            object_lock=settings.minio_object_lock,
        )
    return FolderDocumentStore(settings.data_dir / "documents" / service)
