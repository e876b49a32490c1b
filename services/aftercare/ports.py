"""What the aftercare use cases need of persistence: the abstract unit of work and repositories."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from services.aftercare.domain.calendar import WorkCalendar
from services.aftercare.domain.cards import AftercareDocument
from services.aftercare.domain.care import Holiday, Repair, Warranty
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


class Calendar(Protocol):
    def calendar(self) -> WorkCalendar: ...

    def set_days(self, days: list[Holiday], *, replace_from: date, replace_to: date) -> None: ...

    def days(self) -> list[Holiday]: ...


class Warranties(Protocol):
    def add(self, item: object) -> None: ...

    def find(self, contract_id: str, *, lock: bool = False) -> Warranty | None: ...


class Repairs(Protocol):
    def add(self, item: object) -> None: ...

    def repair(self, repair_id: str, *, lock: bool = False) -> Repair: ...

    def repairs(self, *, stores: frozenset[str] | None, status: str | None, contract_id: str | None,
                limit: int, after: str | None) -> list[Repair]: ...

    def dispatched_before(self, deadline: datetime) -> list[Repair]: ...

    def claim_not_returned_list(self, store: str, on: date, count: int) -> bool: ...


class Documents(Protocol):
    def add(self, item: object) -> None: ...

    def document(self, document_id: str) -> AftercareDocument: ...


class AftercareUnitOfWork(AbstractUnitOfWork, Protocol):
    # Read-only: a use case uses the repositories, it never replaces them (and so the concrete
    # unit of work's own repository types fit).
    @property
    def archives(self) -> Archives: ...

    @property
    def complaints(self) -> Complaints: ...

    @property
    def calendar(self) -> Calendar: ...

    @property
    def warranties(self) -> Warranties: ...

    @property
    def repairs(self) -> Repairs: ...

    @property
    def documents(self) -> Documents: ...
