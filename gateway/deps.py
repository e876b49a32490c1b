"""FastAPI dependencies: the caller's context and the RPC client, as ``Annotated`` aliases."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated

from fastapi import Depends, Header, Request

from gateway.access_log import remember_tenant
from gateway.uploads import UploadPolicy
from shared.documents.store import DocumentStore
from shared.errors import InvalidInput, Unavailable
from shared.identity.context import CallContext
from shared.messaging.ports import RpcClient
from shared.observability.tracing import current_trace_carrier

# Visible ASCII only (RFC 9110 token-ish, as the IETF idempotency draft's examples): a key is an
# opaque client id such as a UUID, and spaces, control or non-ASCII characters are a client bug.
_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")


#: The request headers a caller's context is built from, declared once for ``get_context`` and
#: for the operation routes that call it inside their endpoint (gateway/operations.py).
AuthorizationHeader = Annotated[str | None, Header()]
IdempotencyKeyHeader = Annotated[str | None, Header(alias="Idempotency-Key")]


async def get_rpc(request: Request) -> RpcClient:
    """The RPC client the app was built with (in-process or nameko).

    ``async`` because it only reads the app's state: FastAPI runs a plain ``def`` dependency in
    its thread pool, a hop to another thread and back on every request.
    """
    rpc: RpcClient = request.app.state.rpc
    return rpc


def get_document_store(request: Request) -> DocumentStore:
    """The document store of the contracts service, which owns documents today (decision 0004)."""
    stores: Mapping[str, DocumentStore] = request.app.state.documents
    if "contracts" not in stores:
        raise Unavailable("documents are not configured on this gateway")
    return stores["contracts"]


def get_document_stores(request: Request) -> Mapping[str, DocumentStore]:
    """The document store of every service that owns documents, contracts first (decision 0025)."""
    stores: Mapping[str, DocumentStore] = request.app.state.documents
    return {name: stores[name] for name in request.app.state.document_owners if name in stores}


def get_upload_policy(request: Request) -> UploadPolicy:
    """Limits and spool folder of uploads."""
    policy: UploadPolicy = request.app.state.uploads
    return policy


def get_context(
    request: Request,
    authorization: AuthorizationHeader = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> CallContext:
    """Authenticate the caller and bundle principal, trace context and idempotency key."""
    principal = request.app.state.authenticator.authenticate(authorization)
    remember_tenant(request.scope, principal.tenant_id)
    if idempotency_key is not None and not _IDEMPOTENCY_KEY.fullmatch(idempotency_key):
        raise InvalidInput("Idempotency-Key must be 1–200 visible ASCII characters (e.g. a UUID)",
                           field="Idempotency-Key")
    return CallContext(principal=principal, trace=current_trace_carrier(), idempotency_key=idempotency_key)


Rpc = Annotated[RpcClient, Depends(get_rpc)]
Caller = Annotated[CallContext, Depends(get_context)]
Documents = Annotated[DocumentStore, Depends(get_document_store)]
DocumentOwners = Annotated[Mapping[str, DocumentStore], Depends(get_document_stores)]
Uploads = Annotated[UploadPolicy, Depends(get_upload_policy)]
