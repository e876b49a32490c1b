"""The construction service's commands: every input of a use case, validated at the entrypoint."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool, StrictFloat, StrictInt

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


class ListFormTypes(Command):
    """``GET /form-types``: no input."""


class SignForm(Command):
    """A signed form for a project: its type, data, signatures and the form it corrects (P02)."""

    project_id: str = Id
    type: str = Field(min_length=1, max_length=64)
    data: dict[str, Any]
    signatures: list[dict[str, Any]] = Field(max_length=12)
    supersedes: str | None = Field(default=None, min_length=1, max_length=36)


class ListForms(Command):
    project_id: str = Id


class DocumentRef(Command):
    """A document the service rendered (a signed form's PDF)."""

    document_id: str = Id


class ShowStandard(Command):
    """The quality standard: the caller's tenant's version, or the one named."""

    version: str | None = Field(default=None, min_length=1, max_length=16)


class AdoptStandard(Command):
    """The tenant inspects under ``version`` from now on."""

    version: str = Field(min_length=1, max_length=16)


#: What a QC observed: true/false for a visual check, a number for a measured one.
Observed = Annotated[StrictBool | StrictInt | StrictFloat | Annotated[str, Field(max_length=32)], "observed"]


class Observation(Command):
    check: str = Field(min_length=1, max_length=32)
    observed: Observed


class RecordInspection(Command):
    """A QC inspection of one trade: what was observed per check (K08)."""

    project_id: str = Id
    trade: str = Field(min_length=1, max_length=32)
    results: list[Observation] = Field(min_length=1, max_length=100)
    #: The site photos of this inspection, uploaded first (POST /documents, kind ``photo``).
    photos: list[Annotated[str, Field(min_length=1, max_length=36)]] = Field(default_factory=list, max_length=30)


class ListInspections(Command):
    project_id: str = Id


class CloseRectificationOrder(Command):
    order_id: str = Id


class ListProjectRectifications(Command):
    """《质量限期整改单》 of one project, optionally only the open or the closed ones."""

    project_id: str = Id
    status: Literal["open", "closed"] | None = None


class ListRectifications(PageQuery):
    """The rectification queue of the caller's stores, narrowed to a status or a store."""

    status: Literal["open", "closed"] | None = None
    store: str | None = Field(default=None, pattern=r"^[A-Z]$")


class ProjectAction(Command):
    """An action on a project with no input but its id (showcase, keys)."""

    project_id: str = Id


class ListCallbacks(PageQuery):
    """K18: the weekly callbacks, narrowed to a store, a week (its Monday), a status or a project."""

    store: str | None = Field(default=None, pattern=r"^[A-Z]$")
    week: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    status: Literal["scheduled", "done", "missed"] | None = None
    project_id: str | None = Field(default=None, max_length=36)


class RecordCallback(Command):
    """K18: the call was made; what the customer said, and whether it was a complaint."""

    callback_id: str = Id
    outcome: str = Field(min_length=1, max_length=1000)
    complaint: StrictBool = False
