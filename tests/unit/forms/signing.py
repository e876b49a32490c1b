"""A signature pad's PNG, made here so the tests need no image file."""

from __future__ import annotations

import base64
import struct
import zlib


def signature_png(width: int = 60, height: int = 20) -> str:
    """A small grey-scale PNG with one stroke, as a data URL (what a signature pad sends)."""
    raw = b"".join(b"\x00" + bytes(0 if (y == height // 2 or x == y * 3) else 255 for x in range(width))
                   for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return "data:image/png;base64," + base64.b64encode(png).decode()


def signature(role: str, name: str) -> dict[str, str]:
    """One API signature object."""
    return {"role": role, "name": name, "image": signature_png()}
