"""Floor plan (平面图) and preliminary budget (初步预算) versions until the customer confirms one (S07)."""

from __future__ import annotations

from dataclasses import dataclass

from shared.errors import Conflict, InvalidInput


def check_can_revise(confirmed_version: int | None) -> None:
    """S07: revisions go on only until the customer has confirmed (认定) a version."""
    if confirmed_version is not None:
        raise Conflict(f"the customer already confirmed version {confirmed_version}", rule="S07",
                       field="lead_id")


def check_can_confirm(status: str, confirmed_version: int | None) -> None:
    """S07: one confirmed version per lead; confirming again is a state conflict."""
    if status == "confirmed":
        raise Conflict("this design version is already confirmed", rule="S07", field="status")
    if confirmed_version is not None:
        raise Conflict(f"the customer already confirmed version {confirmed_version}", rule="S07",
                       field="status")


@dataclass(frozen=True)
class Signature:
    """A handwritten signature captured on a tablet: who, in which role, and the image."""

    name: str
    role: str
    image: str

    @classmethod
    def parse(cls, data: object, *, field: str) -> Signature:
        """Validate a signature object of the API (`{"name", "role", "image"}`)."""
        if not isinstance(data, dict):
            raise InvalidInput("a signature object is required", field=field)
        name, role, image = (str(data.get(k) or "").strip() for k in ("name", "role", "image"))
        if not name:
            raise InvalidInput("the signer's name is required", field=f"{field}.name")
        if not image.startswith("data:image/"):
            raise InvalidInput("the signature image must be a data:image/… URL", field=f"{field}.image")
        return cls(name=name, role=role or "customer", image=image)

    def to_data(self) -> dict[str, str]:
        return {"name": self.name, "role": self.role, "image": self.image}
