"""What the aftercare use cases need of persistence: the abstract unit of work and repositories."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from services.aftercare.domain.model import Complaint, CustomerArchive
from shared.persistence.uow import AbstractUnitOfWork


class Archives(Protocol):
    def add(self, item: object) -> None: ...

    def find(self, contract_id: str) -> CustomerArchive | None: ...

    def archive(self, contract_id: str) -> CustomerArchive: ...


class Complaints(Protocol):
    def add(self, item: object) -> None: ...

    def complaint(self, complaint_id: str, *, lock: bool = False) -> Complaint: ...

    def complaints(self, *, contract_id: str | None = None, stores: frozenset[str] | None = None,
                   status: str | None = None, limit: int = 200, after: str | None = None) -> list[Complaint]: ...

    def unresolved_on_matter(self, matter: str, *, lock: bool = False) -> list[Complaint]: ...

    def customers_on_matter(self, matter: str | None) -> int: ...

    def escalation_candidates(self, received_before: datetime) -> list[Complaint]: ...


class AftercareUnitOfWork(AbstractUnitOfWork, Protocol):
    # Read-only: a use case uses the repositories, it never replaces them (and so the concrete
    # unit of work's own repository types fit).
    @property
    def archives(self) -> Archives: ...

    @property
    def complaints(self) -> Complaints: ...
