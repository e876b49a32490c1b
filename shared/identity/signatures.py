"""Handwritten signatures on forms and contracts (api.md: ``{"name", "role", "image"}``)."""

from __future__ import annotations

import binascii
import re
from base64 import b64decode
from dataclasses import dataclass

from shared.errors import InvalidInput

#: The largest signature image accepted, as the length of its data URL (a pad's PNG is ~20 KB).
MAX_IMAGE_CHARS = 512 * 1024
#: The image types a signature pad or a browser canvas produces.
IMAGE_DATA_URL = re.compile(r"data:image/(png|jpeg|webp);base64,([A-Za-z0-9+/]+={0,2})")


@dataclass(frozen=True)
class Signature:
    """A signature captured on a tablet or a signed link: who, in which role, and the image."""

    name: str
    role: str
    image: str

    @classmethod
    def parse(cls, data: object, *, field: str, default_role: str = "customer") -> Signature:
        """Validate a signature object of the API; errors name the field at fault (P05).

        The image is a base64 data URL of a PNG, JPEG or WebP of at most
        :data:`MAX_IMAGE_CHARS` characters; it is stored with the record, so it is checked
        (size first, then that the base64 decodes) before anything else is done.
        """
        if not isinstance(data, dict):
            raise InvalidInput("a signature object is required", rule="P05", field=field)
        values = {k: data.get(k) for k in ("name", "role", "image")}
        for key, value in values.items():
            if value is not None and not isinstance(value, str):
                raise InvalidInput(f"the signature's {key} must be a string", rule="P05", field=f"{field}.{key}")
        name, role = (str(values[k] or "").strip() for k in ("name", "role"))
        image = str(values["image"] or "")
        if not name or len(name) > 100:
            raise InvalidInput("the signer's name is required (at most 100 characters)", rule="P05",
                               field=f"{field}.name")
        if len(role) > 32:
            raise InvalidInput("the signer's role has at most 32 characters", rule="P05", field=f"{field}.role")
        if len(image) > MAX_IMAGE_CHARS:
            raise InvalidInput(f"the signature image is larger than {MAX_IMAGE_CHARS // 1024} KB", rule="P05",
                               field=f"{field}.image")
        match = IMAGE_DATA_URL.fullmatch(image)
        if match is None:
            raise InvalidInput("the signature image must be a data:image/png, jpeg or webp;base64,… URL",
                               rule="P05", field=f"{field}.image")
        try:
            b64decode(match.group(2), validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput("the signature image is not valid base64", rule="P05", field=f"{field}.image") from None
        return cls(name=name, role=role or default_role, image=image)

    def to_data(self) -> dict[str, str]:
        """The stored form."""
        return {"name": self.name, "role": self.role, "image": self.image}
