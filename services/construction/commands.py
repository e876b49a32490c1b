"""The construction service's commands: what each use case accepts, validated at the entrypoint."""

from __future__ import annotations

from pydantic import Field

from shared.validation import Command


class RecordStepProgress(Command):
    """The foreman's word on a step: how far it is (percent), optional (K07)."""

    percent: int | None = Field(default=None, ge=0, le=100, strict=True)
