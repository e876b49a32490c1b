"""Floor plan (平面图) and preliminary budget (初步预算) versions until the customer confirms one (S07)."""

from __future__ import annotations

from enum import StrEnum

from shared.errors import Conflict


class DesignStatus(StrEnum):
    """A design version is a draft until the customer confirms (认定) it (S07)."""

    DRAFT = "draft"
    CONFIRMED = "confirmed"


def check_can_revise(confirmed_version: int | None) -> None:
    """S07: revisions go on only until the customer has confirmed (认定) a version."""
    if confirmed_version is not None:
        raise Conflict(f"the customer already confirmed version {confirmed_version}", rule="S07",
                       field="lead_id")


def check_can_confirm(status: str, confirmed_version: int | None) -> None:
    """S07: one confirmed version per lead; confirming again is a state conflict."""
    if status == DesignStatus.CONFIRMED:
        raise Conflict("this design version is already confirmed", rule="S07", field="status")
    if confirmed_version is not None:
        raise Conflict(f"the customer already confirmed version {confirmed_version}", rule="S07",
                       field="status")
