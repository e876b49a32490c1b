"""The document upload and download: the two contracts routes that stream bytes, written by hand.

Every other contracts route is generated from the service's operation declarations
(``services/contracts/operations.py``, ``gateway/operations.py``). These two call the declared
operations without a public route: ``allot_document``, ``record_document`` and
``abandon_document`` around an upload, ``document_content`` before a download.
"""

from __future__ import annotations

import contextlib
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse, StreamingResponse

from gateway.deps import Caller, DocumentOwners, Documents, Rpc, Uploads
from gateway.uploads import FORM_FIELDS, MultipartUpload, body_chunks, declared_length, refuse_over
from shared.documents.store import DocumentStore, PresignedDownloads
from shared.documents.uploads import check_content_type, check_magic, normalise_content_type
from shared.errors import InvalidInput, NotFound

router = APIRouter(prefix="/api/v1", tags=["contracts"])
#: Downloads are never rendered as something else than what was stored (an upload posing as HTML).
NOSNIFF = {"X-Content-Type-Options": "nosniff"}
_FIELD = {"type": "string", "maxLength": 64}
UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {
    "schema": {"type": "object", "required": ["kind", "file"], "properties": {
        "kind": {**_FIELD, "pattern": "^[a-z0-9_]+$", "description": "before file; or ?kind="},
        "store": {**_FIELD, "description": "the store the document belongs to, when no record is named"},
        "lead_id": {**_FIELD, "description": "the lead it is uploaded for (e.g. a floor plan)"},
        "contract_id": {**_FIELD, "description": "the contract it is uploaded for"},
        "file": {"type": "string", "format": "binary",
                 "description": "PDF, JPEG, PNG, WebP, HEIC/HEIF; MP4/MOV for kind video. The last part."},
    }},
    "encoding": {"file": {"contentType": "application/pdf, image/jpeg, image/png, image/webp, image/heic, "
                                         "image/heif, video/mp4, video/quicktime"}},
}}}}


def _form_fields(request: Request, form: dict[str, str]) -> dict[str, str]:
    # A field may come as ?name= or as a form field before the file; both, differing, is ambiguous.
    fields = {name: value for name in FORM_FIELDS if (value := request.query_params.get(name))}
    for name, value in form.items():
        if name in fields and fields[name] != value:
            raise InvalidInput(f"{name} differs between the query and the form", field=name)
        if value:
            fields[name] = value
    return fields


@router.post("/documents", status_code=201, openapi_extra=UPLOAD_BODY)
def upload_document(request: Request, rpc: Rpc, ctx: Caller, store: Documents, uploads: Uploads,
                    kind: Annotated[str | None, Query(max_length=64)] = None) -> dict[str, Any]:
    """Stream one file to the document store; the contracts service allots and records it.

    ``ctx`` is resolved before this body runs, so a request without a valid token is refused with
    its body unread.
    """
    length = declared_length(request)
    refuse_over(length, uploads.limits.for_kind(kind))
    upload = MultipartUpload(request.headers.get("content-type"), body_chunks(request))
    part = upload.read_until_file()
    fields = _form_fields(request, part.fields)
    if not fields.get("kind"):
        raise InvalidInput("kind is required (a form field before the file, or ?kind=)", field="kind")
    limit = uploads.limits.for_kind(fields["kind"])
    refuse_over(length, limit)
    content_type = normalise_content_type(part.content_type)
    check_content_type(fields["kind"], content_type)
    allotted = rpc.call("contracts", "allot_document", ctx, **{
        **{k: v for k, v in fields.items() if k != "kind"}, "kind": fields["kind"],
        "filename": part.filename, "content_type": content_type})
    try:
        with uploads.spool() as spool:
            spooled = upload.spool_file(spool, limit=limit, check_head=lambda head: check_magic(content_type, head))
            stored = store.put_stream(ctx.principal.tenant_id, allotted["storage_key"], spooled.spool,
                                      spooled.size, content_type, sha256=spooled.sha256)
    except BaseException:
        # Refused or broken off: the allotment goes. Should that call fail too, the pending record
        # stays invisible (only stored documents are ever shown), so the first error is the answer.
        with contextlib.suppress(Exception):
            rpc.call("contracts", "abandon_document", ctx, document_id=allotted["id"])
        raise
    return rpc.call("contracts", "record_document", ctx, document_id=allotted["id"], size=stored.size,
                    sha256=stored.sha256)


@router.get("/documents/{document_id}/content", response_model=None)
def document_content(rpc: Rpc, ctx: Caller, owners: DocumentOwners, document_id: str) -> Response:
    """The bytes, after the owning service authorized the caller: a presigned link or a stream.

    Uploads belong to contracts; the PDFs of signed forms to the service that rendered them
    (construction …). Each owner is asked in turn; the first that knows the document authorizes it.
    """
    for service, store in owners.items():
        try:
            found = rpc.call(service, "document_content", ctx, document_id=document_id)
        except NotFound:
            continue
        return _download(store, ctx.principal.tenant_id, found)
    raise NotFound("document not found")


def _download(store: DocumentStore, tenant: str, found: dict[str, Any]) -> Response:
    key = found["storage_key"]
    if isinstance(store, PresignedDownloads):  # the bytes bypass the gateway
        return RedirectResponse(store.presigned_url(tenant, key), status_code=307, headers=NOSNIFF)
    filename = quote(found["filename"])
    return StreamingResponse(store.open_stream(tenant, key), media_type=found["content_type"], headers={
        **NOSNIFF, "Content-Disposition": f"attachment; filename*=UTF-8''{filename}",
        "Content-Length": str(found["size"]), "ETag": f'"{found["sha256"]}"'})
