"""Issue 6 item 6: the gateway's streaming multipart reader and the upload type checks (no server needed)."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator

import pytest

from gateway.uploads import MultipartUpload
from shared.documents.uploads import UploadLimits, check_content_type, check_magic
from shared.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType

BOUNDARY = "rfboundary"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def field(name: str, value: str) -> bytes:
    return f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()


def file_part(data: bytes, content_type: str = "image/png", name: str = "file") -> bytes:
    return (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"; filename="平面图.png"\r\n'
            f"Content-Type: {content_type}\r\n\r\n").encode() + data + b"\r\n"


END = f"--{BOUNDARY}--\r\n".encode()


class Body:
    """A body handed over in small chunks, recording how much of it was consumed."""

    def __init__(self, data: bytes, chunk: int = 7) -> None:
        self.data, self.chunk, self.consumed = data, chunk, 0

    def __iter__(self) -> Iterator[bytes]:
        for i in range(0, len(self.data), self.chunk):
            self.consumed = i + self.chunk
            yield self.data[i:i + self.chunk]


def test_H6_fields_then_file_stream_in_small_chunks() -> None:
    body = Body(field("kind", "floor_plan") + field("lead_id", "lead-1") + file_part(PNG) + END)
    upload = MultipartUpload(CONTENT_TYPE, iter(body))
    part = upload.read_until_file()
    assert part.fields == {"kind": "floor_plan", "lead_id": "lead-1"}
    assert (part.filename, part.content_type) == ("平面图.png", "image/png")
    assert body.consumed < len(body.data) - len(PNG)  # the file's bytes are not read yet
    spooled = upload.spool_file(io.BytesIO(), limit=1000, check_head=lambda head: check_magic("image/png", head))
    assert (spooled.size, spooled.sha256) == (len(PNG), hashlib.sha256(PNG).hexdigest())
    assert spooled.spool.read() == PNG


def test_H6_a_file_over_the_limit_stops_the_read_with_413() -> None:
    body = Body(field("kind", "drawings") + file_part(PNG + b"\x00" * 10_000) + END, chunk=100)
    upload = MultipartUpload(CONTENT_TYPE, iter(body))
    upload.read_until_file()
    with pytest.raises(PayloadTooLarge) as err:
        upload.spool_file(io.BytesIO(), limit=1000, check_head=lambda head: None)
    assert err.value.field == "file"
    assert body.consumed < 1300  # stopped right after the limit, not at the end of the body


def test_H6_bytes_that_are_not_what_the_type_says_are_refused_on_the_first_chunk() -> None:
    body = Body(file_part(b"<html><script>alert(1)</script></html>" * 100) + END, chunk=64)
    upload = MultipartUpload(CONTENT_TYPE, iter(body))
    upload.read_until_file()
    with pytest.raises(UnsupportedMediaType):
        upload.spool_file(io.BytesIO(), limit=10**6, check_head=lambda head: check_magic("image/png", head))
    assert body.consumed < 200


@pytest.mark.parametrize("data", [
    file_part(PNG) + field("kind", "drawings") + END,  # a field after the file
    field("colour", "red") + file_part(PNG) + END,  # a field no upload has
    field("kind", "drawings") + END,  # no file
    field("kind", "drawings") + file_part(PNG),  # cut off before the closing boundary
    file_part(b""),
])
def test_H6_malformed_uploads_are_400(data: bytes) -> None:
    upload = MultipartUpload(CONTENT_TYPE, iter(Body(data)))
    with pytest.raises(InvalidInput):
        upload.read_until_file()
        upload.spool_file(io.BytesIO(), limit=10**6, check_head=lambda head: None)


def test_H6_only_multipart_is_taken() -> None:
    with pytest.raises(InvalidInput):
        MultipartUpload("application/json", iter([b"{}"]))


@pytest.mark.parametrize(("content_type", "head"), [
    ("application/pdf", b"%PDF-1.7\n"), ("image/jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF"), ("image/png", PNG),
    ("image/webp", b"RIFF\x10\x00\x00\x00WEBPVP8 "), ("image/heic", b"\x00\x00\x00\x18ftypheic"),
    ("video/mp4", b"\x00\x00\x00\x20ftypisom\x00\x00"), ("video/quicktime", b"\x00\x00\x00\x14ftypqt  "),
    ("video/quicktime", b"\x00\x00\x00\x08wide\x00\x00"),
])
def test_H6_the_domain_types_pass_the_magic_check(content_type: str, head: bytes) -> None:
    check_content_type("video" if content_type.startswith("video/") else "drawings", content_type)
    check_magic(content_type, head)


def test_H6_limits_per_kind() -> None:
    limits = UploadLimits()
    assert limits.for_kind("drawings") == 20 * 1024 * 1024
    assert limits.for_kind("video") == limits.for_kind(None) == 1024 * 1024 * 1024


def test_H6_the_presigned_redirect_also_says_nosniff(tmp_path: object) -> None:
    from typing import Any

    from fastapi.testclient import TestClient

    from gateway.app import create_app
    from shared.identity.context import CallContext, Principal

    class Presigning:
        def presigned_url(self, tenant_id: str, key: str, expires_seconds: int = 300) -> str:
            return f"http://minio.test/{tenant_id}/{key}?X-Amz-Expires={expires_seconds}"

    class Rpc:
        def call(self, service: str, method: str, context: CallContext, **kwargs: Any) -> Any:
            assert (service, method) == ("contracts", "document_content")
            return {"storage_key": "documents/d1", "filename": "a.pdf", "content_type": "application/pdf",
                    "size": 1, "sha256": "0" * 64}

    class Authenticator:
        def authenticate(self, authorization: str | None) -> Principal:
            return Principal(tenant_id="demo", user_id="u", username="designer-a", roles=frozenset({"designer"}),
                             stores=frozenset({"A"}))

    app = create_app(rpc=Rpc(), authenticator=Authenticator(), readiness=dict,
                     documents={"contracts": Presigning()})  # type: ignore[dict-item]
    res = TestClient(app).get("/api/v1/documents/d1/content", follow_redirects=False)
    assert res.status_code == 307 and res.headers["location"].startswith("http://minio.test/demo/documents/d1")
    assert res.headers["x-content-type-options"] == "nosniff"
