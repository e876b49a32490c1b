"""Uploads that stream: a multipart body read chunk by chunk, never held whole (api.md, Hardening).

The route authenticates before it touches the body, refuses a ``Content-Length`` over the limit
at once, reads the form fields (which must come before the file), has the owning service allot
the document, then spools the file to a temporary file while counting, hashing and checking its
first bytes, and stops with 413 as soon as the count passes the limit. See docs/decisions/0012.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import anyio.from_thread
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect, Request

from shared.documents.uploads import MAGIC_BYTES, UploadLimits
from shared.errors import InvalidInput, PayloadTooLarge
from shared.persistence.files import private_dir
from shared.settings import Settings

#: Room for the form fields and the multipart framing on top of the file's own limit.
FORM_OVERHEAD_BYTES = 64 * 1024
#: The form fields an upload may carry besides ``file``, each a short identifier.
FORM_FIELDS = ("kind", "store", "lead_id", "contract_id")
_MAX_FIELD_BYTES = 256


@dataclass(frozen=True)
class UploadPolicy:
    """How the gateway takes uploads: the limits, and where files are spooled on their way through."""

    limits: UploadLimits = field(default_factory=UploadLimits)
    #: None: the system temporary directory.
    spool_dir: Path | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> UploadPolicy:
        """The configured limits; files spool under ``<data_dir>/uploads`` (a disk, unlike a tmpfs /tmp)."""
        return cls(limits=UploadLimits(settings.upload_max_bytes, settings.upload_max_video_bytes),
                   spool_dir=settings.data_dir / "uploads")

    def spool(self) -> IO[bytes]:
        """An anonymous temporary file (0600, gone when closed or when the process dies)."""
        if self.spool_dir is not None:
            private_dir(self.spool_dir)
        return tempfile.TemporaryFile(dir=self.spool_dir)


def declared_length(request: Request) -> int | None:
    """The body's ``Content-Length``, or None for a chunked upload."""
    value = request.headers.get("content-length")
    if value is None:
        return None
    if not value.isdigit():
        raise InvalidInput("Content-Length must be a number of bytes", field="Content-Length")
    return int(value)


def refuse_over(length: int | None, limit: int) -> None:
    """413 at once when the declared body cannot fit a file of ``limit`` bytes and its form."""
    if length is not None and length > limit + FORM_OVERHEAD_BYTES:
        raise PayloadTooLarge(f"the file may be at most {limit} bytes", field="file")


def body_chunks(request: Request) -> Iterator[bytes]:
    """The request body as a blocking iterator, for a route running in a worker thread.

    Each chunk is pulled from the event loop only when the previous one has been written, so
    the body is read no faster than it is spooled and never buffered whole.
    """
    stream = request.stream()

    async def next_chunk() -> bytes | None:
        try:
            return await stream.__anext__()
        except StopAsyncIteration:
            return None

    while True:
        try:
            chunk = anyio.from_thread.run(next_chunk)
        except ClientDisconnect:
            raise InvalidInput("the upload broke off before its end", field="file") from None
        if chunk is None:
            return
        if chunk:
            yield chunk


@dataclass(frozen=True)
class FilePart:
    """What precedes the file's bytes: the form fields sent before it and the file part's headers."""

    fields: dict[str, str]
    filename: str
    content_type: str


@dataclass
class SpooledFile:
    """The file as received: its size and SHA-256, with the bytes in ``spool`` (rewound)."""

    spool: IO[bytes]
    size: int
    sha256: str


class MultipartUpload:
    """A ``multipart/form-data`` body read incrementally: short fields first, then exactly one file."""

    def __init__(self, content_type: str | None, chunks: Iterator[bytes]) -> None:
        media, params = parse_options_header(content_type or "")
        boundary = params.get(b"boundary")
        if media != b"multipart/form-data" or not boundary:
            raise InvalidInput("send the file as multipart/form-data", field="file")
        self._chunks = chunks
        self._events: list[tuple[str, Any]] = []
        self._header_name = b""
        self._parser = MultipartParser(boundary, {
            "on_part_begin": lambda: self._events.append(("begin", None)),
            "on_header_field": lambda d, s, e: self._header(d[s:e], None),
            "on_header_value": lambda d, s, e: self._header(None, d[s:e]),
            "on_header_end": lambda: self._events.append(("header_end", None)),
            "on_headers_finished": lambda: self._events.append(("headers", None)),
            "on_part_data": lambda d, s, e: self._events.append(("data", bytes(d[s:e]))),
            "on_part_end": lambda: self._events.append(("end", None)),
            "on_end": lambda: self._events.append(("done", None)),
        })
        self._stream = self._read_events()

    def _header(self, name: bytes | None, value: bytes | None) -> None:
        self._events.append(("header_name" if name is not None else "header_value", name or value))

    def _read_events(self) -> Iterator[tuple[str, Any]]:
        done = False
        for chunk in self._chunks:
            try:
                self._parser.write(chunk)
            except MultipartParseError:
                raise InvalidInput("the multipart body is malformed", field="file") from None
            for event in self._events:
                done = done or event[0] == "done"
                yield event
            self._events.clear()
        if not done:
            raise InvalidInput("the multipart body ended before its closing boundary", field="file")

    def _part_headers(self) -> dict[bytes, bytes]:
        headers: dict[bytes, bytes] = {}
        name = value = b""
        for kind, data in self._stream:
            if kind == "header_name":
                name += data
            elif kind == "header_value":
                value += data
            elif kind == "header_end":
                headers[name.lower()] = value
                name = value = b""
            elif kind == "headers":
                return headers
        raise InvalidInput("the multipart body ended inside a part's headers", field="file")

    def read_until_file(self) -> FilePart:
        """Read the form fields up to the file part's headers; the file's bytes stay unread."""
        fields: dict[str, str] = {}
        for kind, _data in self._stream:
            if kind == "done":
                break
            if kind != "begin":
                continue
            headers = self._part_headers()
            _disposition, options = parse_options_header(headers.get(b"content-disposition", b""))
            name = options.get(b"name", b"").decode("utf-8", "replace")
            if name == "file" and b"filename" in options:
                filename = options[b"filename"].decode("utf-8", "replace").strip() or "upload"
                content_type = headers.get(b"content-type", b"").decode("latin-1")
                return FilePart(fields=fields, filename=filename[-255:], content_type=content_type)
            fields[name] = self._field_value(name)
        raise InvalidInput("the upload has no file part named file", field="file")

    def _field_value(self, name: str) -> str:
        if name not in FORM_FIELDS:
            raise InvalidInput(f"unknown form field {name[:40]!r}; fields come before the file", field=name[:40])
        value = b""
        for kind, data in self._stream:
            if kind == "data":
                value += data
                if len(value) > _MAX_FIELD_BYTES:
                    raise InvalidInput(f"{name} is too long", field=name)
            elif kind == "end":
                return value.decode("utf-8", "replace").strip()
        raise InvalidInput("the multipart body ended inside a field", field=name)

    def spool_file(self, spool: IO[bytes], *, limit: int, check_head: Callable[[bytes], None]) -> SpooledFile:
        """Copy the file's bytes to ``spool``: 413 once past ``limit``, ``check_head`` on its first bytes.

        The file must be the last part; the rest of the body is read to its closing boundary.
        """
        digest, size, head, checked = hashlib.sha256(), 0, b"", False
        for kind, data in self._stream:
            if kind == "data":
                size += len(data)
                if size > limit:
                    raise PayloadTooLarge(f"the file may be at most {limit} bytes", field="file")
                if not checked:
                    head += data
                    if len(head) >= MAGIC_BYTES:
                        check_head(head)
                        checked = True
                digest.update(data)
                spool.write(data)
            elif kind == "end":
                break
        if size == 0:
            raise InvalidInput("the file is empty", field="file")
        if not checked:
            check_head(head)
        for kind, _data in self._stream:
            if kind == "begin":
                raise InvalidInput("the file must be the last part of the form", field="file")
        spool.flush()
        spool.seek(0)
        return SpooledFile(spool=spool, size=size, sha256=digest.hexdigest())
