"""The embedded provider's RSA signing key: generated once, kept as PEM under ``<data_dir>/identity/``."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from shared.persistence.files import PRIVATE_FILE_MODE, private_dir

KEY_FILE = "signing-key.pem"


class SigningKey:
    """An RSA 2048 key whose ``kid`` is its RFC 7638 thumbprint (stable across restarts)."""

    def __init__(self, private_key: rsa.RSAPrivateKey) -> None:
        self.private_key = private_key
        jwk = RSAAlgorithm.to_jwk(private_key.public_key(), as_dict=True)
        self.public_jwk: dict[str, Any] = {"kty": "RSA", "n": jwk["n"], "e": jwk["e"]}
        self.kid = jwk_thumbprint(self.public_jwk)

    @classmethod
    def load_or_create(cls, folder: Path) -> SigningKey:
        """Read the key from ``folder``, creating it on first use (tokens stay valid across restarts)."""
        path = folder / KEY_FILE
        private_dir(folder)
        if not path.exists():
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            pem = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            tmp = folder / f".{KEY_FILE}.{os.getpid()}.tmp"
            # 0600: a private key readable by other local users would let them mint tokens.
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
            with os.fdopen(fd, "wb") as out:
                out.write(pem)
            try:
                # link() publishes the finished file atomically and fails when it exists, so when
                # two processes start on one data dir exactly one key wins and nobody reads half a file.
                os.link(tmp, path)
            except FileExistsError:
                pass
            else:
                return cls(key)
            finally:
                tmp.unlink(missing_ok=True)
        os.chmod(path, PRIVATE_FILE_MODE)  # a key file left readable by an older version is tightened
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(loaded, rsa.RSAPrivateKey):
            raise ValueError(f"{path} does not hold an RSA private key")
        return cls(loaded)

    def jwks(self) -> dict[str, Any]:
        """The public key set, as Keycloak's ``certs`` endpoint serves it."""
        return {"keys": [{**self.public_jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}]}


def jwk_thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638 SHA-256 thumbprint of an RSA JWK: required members, sorted, no whitespace."""
    canonical = json.dumps({"e": jwk["e"], "kty": jwk["kty"], "n": jwk["n"]}, separators=(",", ":"),
                           sort_keys=True)
    digest = hashlib.sha256(canonical.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
