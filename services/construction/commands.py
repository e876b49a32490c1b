"""The construction service's commands: every input of a use case, validated at the entrypoint."""

from __future__ import annotations

from pydantic import Field

from shared.persistence.paging import PageQuery
from shared.validation import Command

Id = Field(min_length=1, max_length=36)


class ListProjects(PageQuery):
    """《在施工程一览表》, narrowed to one contract or store."""

    contract_id: str | None = Field(default=None, max_length=36)
    store: str | None = Field(default=None, max_length=8)


class GetProject(Command):
    project_id: str = Id


class StartStep(Command):
    """The foreman starts a step, saying how far it is (K07)."""

    project_id: str = Id
    step: str = Field(min_length=1, max_length=64)
    percent: int | None = Field(default=None, ge=0, le=100, strict=True)


class RecordStepProgress(StartStep):
    """The foreman's word on a started step: how far it is; 100 (the default) completes it (K07)."""
