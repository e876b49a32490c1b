"""What the reporting use cases need of persistence: the abstract unit of work and the figures."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, Protocol

from services.reporting.domain.figures import Figures
from shared.persistence.uow import AbstractUnitOfWork


class FigureStore(Protocol):
    def add_to_day(self, store: str, day: date, **deltas: int) -> None: ...

    def contract(self, contract_id: str) -> Any: ...

    def sign_contract(self, contract_id: str, store: str, day: date, value_fen: int) -> None: ...

    def add_receipt(self, payment_id: str, contract_id: str, day: date, amount_fen: int, *,
                    attributed: bool) -> bool: ...

    def unattributed_receipts(self, contract_id: str) -> list[Any]: ...

    def project(self, project_id: str) -> Any: ...

    def update_project(self, project_id: str, **values: Any) -> None: ...

    def figures(self, start: date, end: date, stores: Iterable[str] | None) -> dict[str, Figures]: ...


class ReportingUnitOfWork(AbstractUnitOfWork, Protocol):
    @property
    def figures(self) -> FigureStore: ...
