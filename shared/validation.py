"""Turning request payloads into commands, with errors that name the field (rule P05)."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from shared.errors import InvalidInput

M = TypeVar("M", bound=BaseModel)


class Command(BaseModel):
    """Base of a use case's input: unknown fields are refused, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def parse(model: type[M], data: dict[str, Any]) -> M:
    """Validate ``data`` as ``model``; the first problem becomes a 400 naming its field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or None
        raise InvalidInput(f"{field}: {first['msg']}" if field else first["msg"], field=field) from None
