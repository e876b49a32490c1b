"""Handwritten signatures on forms and contracts (api.md: ``{"name", "role", "image"}``)."""

from __future__ import annotations

from dataclasses import dataclass

from shared.errors import InvalidInput


@dataclass(frozen=True)
class Signature:
    """A signature captured on a tablet or a signed link: who, in which role, and the image."""

    name: str
    role: str
    image: str

    @classmethod
    def parse(cls, data: object, *, field: str, default_role: str = "customer") -> Signature:
        """Validate a signature object of the API; errors name the field at fault (P05)."""
        if not isinstance(data, dict):
            raise InvalidInput("a signature object is required", field=field)
        name, role, image = (str(data.get(k) or "").strip() for k in ("name", "role", "image"))
        if not name:
            raise InvalidInput("the signer's name is required", field=f"{field}.name")
        if not image.startswith("data:image/"):
            raise InvalidInput("the signature image must be a data:image/… URL", field=f"{field}.image")
        return cls(name=name, role=role or default_role, image=image)

    def to_data(self) -> dict[str, str]:
        """The stored form."""
        return {"name": self.name, "role": self.role, "image": self.image}
