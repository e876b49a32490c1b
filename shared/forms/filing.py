"""Filing a signed form: the rendered PDF, stored write-once in the tenant's document store (P02)."""

from __future__ import annotations

from dataclasses import dataclass

from shared.documents.store import DocumentStore
from shared.forms.content import FormContent, content_hash
from shared.forms.render import render_pdf

PDF = "application/pdf"


@dataclass(frozen=True)
class FiledForm:
    """A stored form PDF: where it is, the SHA-256 of its bytes, its size and the content hash it shows."""

    storage_key: str
    sha256: str
    size: int
    content_hash: str


def file_form(store: DocumentStore, tenant_id: str, storage_key: str, content: FormContent) -> FiledForm:
    """Render ``content`` to a PDF and store it under ``storage_key``, never to change (P02).

    The store refuses an existing key, so a stored form cannot be replaced; a correction is a
    new :class:`FormContent` with its own id, ``version`` + 1 and ``supersedes``. The returned
    ``sha256`` is the hash of the stored bytes, the one a download can be checked against.
    """
    digest = content_hash(content)
    pdf = render_pdf(content, digest)
    stored = store.put(tenant_id, storage_key, pdf, PDF)
    return FiledForm(storage_key=storage_key, sha256=stored.sha256, size=stored.size, content_hash=digest)
