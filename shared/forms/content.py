"""What a signed form says: its data, header and signatures, and the hash of that content (P02)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.clock import DEFAULT_TIMEZONE
from shared.forms.types import FormData, FormHeader, FormType
from shared.identity.signatures import Signature


@dataclass(frozen=True)
class SignedSignature:
    """A signature as it stands on the form: who, in which role, the image, and when."""

    name: str
    role: str
    image: str
    signed_at: datetime

    @classmethod
    def of(cls, signature: Signature, signed_at: datetime) -> SignedSignature:
        """A checked API signature, signed at ``signed_at``."""
        return cls(name=signature.name, role=signature.role, image=signature.image, signed_at=signed_at)

    def to_data(self) -> dict[str, str]:
        """The stored form of the signature (the image included)."""
        return {"name": self.name, "role": self.role, "image": self.image, "signed_at": self.signed_at.isoformat()}


@dataclass(frozen=True)
class FormContent:
    """Everything a signed form says: what is rendered and hashed."""

    id: str
    form_type: FormType
    data: FormData
    header: FormHeader
    signatures: tuple[SignedSignature, ...]
    signed_at: datetime
    version: int = 1
    supersedes: str | None = None

    def canonical(self) -> dict[str, Any]:
        """The content as plain JSON data; signature images by their hash, so the hash stays small to compute."""
        return {
            "id": self.id, "type": self.form_type.type, "title": self.form_type.title, "version": self.version,
            "supersedes": self.supersedes, "signed_at": self.signed_at.isoformat(),
            "header": {"company": self.header.company, "store": self.header.store,
                       "contract_number": self.header.contract_number, "lines": [list(x) for x in self.header.lines],
                       # Only a zone other than the default is hashed, so earlier forms keep their hash.
                       **({} if self.header.timezone == DEFAULT_TIMEZONE else {"timezone": self.header.timezone})},
            "data": self.data.model_dump(mode="json"),
            "signatures": [{"name": s.name, "role": s.role, "signed_at": s.signed_at.isoformat(),
                            "image_sha256": hashlib.sha256(s.image.encode()).hexdigest()} for s in self.signatures],
        }


def content_hash(content: FormContent) -> str:
    """SHA-256 of the canonical JSON of the form's content (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(content.canonical(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
