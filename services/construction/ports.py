"""What the construction use cases need of persistence: the abstract unit of work and repositories."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from services.construction.domain.callbacks import Callback
from services.construction.domain.inspection import Inspection, RectificationOrder, StandardAdoption
from services.construction.domain.model import Project, ProjectForm
from shared.persistence.uow import AbstractUnitOfWork


class Projects(Protocol):
    def add(self, item: object) -> None: ...

    def project(self, project_id: str, *, lock: bool = False) -> Project: ...

    def project_of_contract(self, contract_id: str) -> Project | None: ...

    def projects(self, *, stores: frozenset[str] | None, contract_id: str | None, limit: int,
                 after: str | None) -> list[Project]: ...

    def form_of_document(self, document_id: str) -> tuple[Project, ProjectForm] | None: ...


class Quality(Protocol):
    def add(self, item: object) -> None: ...

    def inspections(self, project_id: str) -> list[Inspection]: ...

    def latest_inspection_of(self, project_id: str, check_id: str, *, after: datetime) -> Inspection | None: ...

    def order(self, order_id: str, *, lock: bool = False) -> RectificationOrder: ...

    def orders_of(self, project_id: str, *, status: str | None = None) -> list[RectificationOrder]: ...

    def orders(self, *, stores: frozenset[str] | None, status: str | None, limit: int,
               after: str | None) -> list[RectificationOrder]: ...

    def numbers_of(self, project_ids: set[str]) -> dict[str, str]: ...

    def adoption(self, *, lock: bool = False) -> StandardAdoption | None: ...


class Callbacks(Protocol):
    def add(self, item: object) -> None: ...

    def enroll(self) -> None: ...

    def callback(self, callback_id: str, *, lock: bool = False) -> Callback: ...

    def under_construction_without(self, week: date) -> list[Project]: ...

    def scheduled_before(self, week: date) -> list[Callback]: ...

    def callbacks(self, *, stores: frozenset[str] | None, week: date | None, status: str | None,
                  project_id: str | None, limit: int, after: str | None) -> list[Callback]: ...


class ConstructionUnitOfWork(AbstractUnitOfWork, Protocol):
    projects: Projects
    quality: Quality
    callbacks: Callbacks
