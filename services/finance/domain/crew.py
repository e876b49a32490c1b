"""F08: construction crews draw material money (施工队领材料款) only by a person whose photo finance
keeps on file.

Finance registers the people of a crew who may draw, each with a photo (a PNG, JPEG or WebP
taken at the counter); a draw names the person, and one without a photo on file is refused.
"""

from __future__ import annotations

import binascii
import re
from base64 import b64decode
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from shared.errors import Conflict, Forbidden, InvalidInput

#: Finance keeps the register of the people who draw, and pays the draws out (F08).
REGISTRARS = ("finance",)
PAYERS = ("finance", "cashier")
#: The largest photo accepted, as the length of its data URL (a phone's portrait, downscaled).
MAX_PHOTO_CHARS = 3 * 1024 * 1024
PHOTO_DATA_URL = re.compile(r"data:image/(png|jpeg|webp);base64,([A-Za-z0-9+/]+={0,2})")
EXTENSIONS = {"png": "png", "jpeg": "jpg", "webp": "webp"}


def check_may_register(roles: Iterable[str]) -> None:
    if not set(roles) & set(REGISTRARS):
        raise Forbidden("only finance keeps the register of the people who draw material money", rule="F08")


def check_may_pay(roles: Iterable[str]) -> None:
    if not set(roles) & set(PAYERS):
        raise Forbidden("only finance and the cashier pay out material money", rule="F08")


def parse_photo(photo: str) -> tuple[bytes, str, str]:
    """The photo's bytes, content type and file extension; 400 naming ``photo`` if it is not one."""
    if len(photo) > MAX_PHOTO_CHARS:
        raise InvalidInput(f"the photo is larger than {MAX_PHOTO_CHARS // (1024 * 1024)} MB as a data URL",
                           rule="F08", field="photo")
    match = PHOTO_DATA_URL.fullmatch(photo)
    if match is None:
        raise InvalidInput("the photo must be a data:image/png, jpeg or webp;base64,… URL", rule="F08", field="photo")
    try:
        data = b64decode(match.group(2), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput("the photo is not valid base64", rule="F08", field="photo") from None
    if not data:
        raise InvalidInput("the photo is empty", rule="F08", field="photo")
    kind = match.group(1)
    return data, f"image/{kind}", EXTENSIONS[kind]


class CrewMember:
    """A person of a construction crew who may draw material money once their photo is on file."""

    tenant_id: str

    def __init__(self, *, id: str, store: str, crew: str, name: str, phone: str | None, registered_by: str,
                 registered_at: datetime, photo_document_id: str | None = None) -> None:
        self.id, self.store, self.crew, self.name, self.phone = id, store, crew, name, phone
        self.registered_by, self.registered_at = registered_by, registered_at
        self.photo_document_id = photo_document_id

    def file_photo(self, document_id: str) -> None:
        """A new photo replaces the one on file (the old document stays, write-once)."""
        self.photo_document_id = document_id

    def check_may_draw(self) -> None:
        """F08: refused unless this person's photo is on file with finance."""
        if self.photo_document_id is None:
            raise Conflict(f"{self.name} has no photo on file with finance: material money is drawn only by a "
                           "person whose photo is on file", rule="F08", field="crew_member_id")


class MaterialDraw:
    """施工队领材料款: money a crew member drew for materials, paid out by finance (F08, F07)."""

    tenant_id: str

    def __init__(self, *, id: str, store: str, crew_member_id: str, crew: str, drawn_by: str,
                 photo_document_id: str, amount: Decimal, contract_id: str | None, note: str | None, paid_by: str,
                 paid_at: datetime) -> None:
        self.id, self.store, self.crew_member_id, self.crew, self.drawn_by = id, store, crew_member_id, crew, drawn_by
        self.photo_document_id, self.amount, self.contract_id, self.note = photo_document_id, amount, contract_id, note
        self.paid_by, self.paid_at = paid_by, paid_at

    @classmethod
    def draw(cls, *, id: str, member: CrewMember, amount: Decimal, contract_id: str | None, note: str | None,
             paid_by: str, at: datetime) -> MaterialDraw:
        """F08: the member draws, if their photo is on file; the draw records which photo it was."""
        member.check_may_draw()
        assert member.photo_document_id is not None
        return cls(id=id, store=member.store, crew_member_id=member.id, crew=member.crew, drawn_by=member.name,
                   photo_document_id=member.photo_document_id, amount=amount, contract_id=contract_id, note=note,
                   paid_by=paid_by, paid_at=at)
