"""What the sales use cases need of persistence: the abstract unit of work and repository."""

from __future__ import annotations

from typing import Protocol

from services.sales.domain.model import Lead, MeasurementRequest
from shared.persistence.uow import AbstractUnitOfWork


class Leads(Protocol):
    def add(self, item: object) -> None: ...

    def lead(self, lead_id: str, *, lock: bool = False, parts: bool = True) -> Lead: ...

    def lead_of_request(self, request_id: str, *, lock: bool = False) -> Lead: ...

    def lead_of_design(self, design_id: str, *, lock: bool = False) -> Lead: ...

    def leads(self, *, stores: frozenset[str] | None, limit: int, after: str | None, status: str | None = None,
              assignee: str | None = None, queue: str | None = None) -> list[Lead]: ...


    def measurement_requests(self, *, stores: frozenset[str] | None, status: str | None, limit: int,
                             after: str | None) -> list[MeasurementRequest]: ...


class SalesUnitOfWork(AbstractUnitOfWork, Protocol):
    leads: Leads
