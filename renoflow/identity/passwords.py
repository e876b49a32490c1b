"""Password hashing for the embedded provider: salted scrypt, parameters stored with the hash."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

#: scrypt cost (n); 2**14 with r=8 is the common interactive-login choice (~50 ms per hash).
DEFAULT_SCRYPT_N = 2**14


def hash_password(password: str, *, n: int = DEFAULT_SCRYPT_N, r: int = 8, p: int = 1) -> str:
    """``scrypt$n$r$p$salt$hash`` with a random salt; the parameters travel with the hash."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    return "$".join(["scrypt", str(n), str(r), str(p), _b64(salt), _b64(digest)])


def verify_password(password: str, encoded: str) -> bool:
    """Constant-time check of ``password`` against :func:`hash_password` output."""
    try:
        scheme, n, r, p, salt, digest = encoded.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.urlsafe_b64decode(digest + "==")
        actual = hashlib.scrypt(password.encode(), salt=base64.urlsafe_b64decode(salt + "=="),
                                n=int(n), r=int(r), p=int(p), dklen=len(expected))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
