"""What the construction use cases need of persistence: the abstract unit of work and repository."""

from __future__ import annotations

from typing import Protocol

from services.construction.domain.model import Project
from shared.persistence.uow import AbstractUnitOfWork


class Projects(Protocol):
    def add(self, item: object) -> None: ...

    def project(self, project_id: str, *, lock: bool = False) -> Project: ...

    def project_of_contract(self, contract_id: str) -> Project | None: ...

    def projects(self, *, stores: frozenset[str] | None, contract_id: str | None, limit: int,
                 after: str | None) -> list[Project]: ...


class ConstructionUnitOfWork(AbstractUnitOfWork, Protocol):
    projects: Projects
