"""What an uploaded document may be: its content types, how their first bytes look, its size limit.

The gateway applies these while it streams an upload (it alone sees the bytes); the service that
allots the document applies the content-type rule again, so neither trusts the other's check.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.errors import UnsupportedMediaType

#: K04: video logs of the acceptances are the one kind allowed past the ordinary limit.
VIDEO_KIND = "video"

VIDEO_TYPES = frozenset({"video/mp4", "video/quicktime"})
#: Scans, drawings, photos (HEIC is what phones take), and K04 video.
CONTENT_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png", "image/webp", "image/heic",
                           "image/heif"}) | VIDEO_TYPES

#: How many leading bytes :func:`check_magic` needs.
MAGIC_BYTES = 16

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}
# QuickTime files older than the ISO base format start with one of these atoms instead of ftyp.
_QUICKTIME_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}


def normalise_content_type(value: str | None) -> str:
    """The bare media type of a ``Content-Type`` value, lowercased, parameters dropped."""
    return (value or "").split(";", 1)[0].strip().lower()


def check_content_type(kind: str, content_type: str) -> None:
    """415 (field ``file``) unless the type is one the platform stores, and a video for kind ``video``."""
    allowed = VIDEO_TYPES if kind == VIDEO_KIND else CONTENT_TYPES
    if content_type not in allowed:
        raise UnsupportedMediaType(
            f"a {kind} document must be one of {', '.join(sorted(allowed))}, not {content_type or 'untyped'}",
            field="file")


def _looks_like(content_type: str, head: bytes) -> bool:
    box, brand = head[4:8], head[8:12]
    if content_type == "application/pdf":
        return head.startswith(b"%PDF-")
    if content_type == "image/jpeg":
        return head.startswith(b"\xff\xd8\xff")
    if content_type == "image/png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if content_type == "image/webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if content_type in ("image/heic", "image/heif"):
        return box == b"ftyp" and brand in _HEIF_BRANDS
    if content_type == "video/mp4":
        return box == b"ftyp"
    if content_type == "video/quicktime":
        return box == b"ftyp" or box in _QUICKTIME_ATOMS
    return False


def check_magic(content_type: str, head: bytes) -> None:
    """415 (field ``file``) when the first bytes are not those of ``content_type``.

    A rough check, not a parser: it stops an HTML page or a script from being stored (and later
    served) as ``image/png``; downloads also carry ``nosniff``.
    """
    if not _looks_like(content_type, head):
        raise UnsupportedMediaType(f"the file's content is not {content_type}", field="file")


@dataclass(frozen=True)
class UploadLimits:
    """Largest file accepted per kind, in bytes (api.md: 20 MB, 1 GB for kind ``video``)."""

    document_bytes: int = 20 * 1024 * 1024
    video_bytes: int = 1024 * 1024 * 1024

    def for_kind(self, kind: str | None) -> int:
        """The limit of ``kind``; for an unknown kind (not read yet) the largest there is."""
        if kind is None:
            return max(self.document_bytes, self.video_bytes)
        return self.video_bytes if kind == VIDEO_KIND else self.document_bytes
