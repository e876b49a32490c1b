"""The figures of one tenant (P01): deltas added to a day atomically, and the dashboard's sums."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Row, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from services.reporting.adapters.orm import (
    FIGURES,
    contracts_seen,
    daily_figures,
    monthly_figures,
    projects_seen,
    receipts,
)
from services.reporting.domain.figures import Figures


class FigureRepository:
    """Reads and writes the reporting tables of the unit of work's tenant."""

    def __init__(self, session: Session, tenant_id: str) -> None:
        self.session = session
        self.tenant_id = tenant_id

    def _insert(self, table: Any) -> Any:
        dialect = self.session.get_bind().dialect.name
        return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)

    def add_to_day(self, store: str, day: date, **deltas: int) -> None:
        """Add ``deltas`` to a store's day and month, one statement each (concurrent handlers add,
        never overwrite)."""
        values = {name: deltas.get(name, 0) for name in FIGURES}
        for table, key, when in ((daily_figures, "day", day), (monthly_figures, "month", day.replace(day=1))):
            stmt = self._insert(table).values(tenant_id=self.tenant_id, store=store, **{key: when}, **values)
            self.session.execute(stmt.on_conflict_do_update(
                index_elements=["tenant_id", key, "store"],
                set_={name: table.c[name] + stmt.excluded[name] for name in deltas}))

    def _anchor(self, table: Any, key: str, value: str) -> Row[Any]:
        # The row a contract's (or project's) events lock: created empty if none came before, so
        # two events of one contract never both miss each other (READ COMMITTED on PostgreSQL).
        # One statement: the upsert's no-op update locks an existing row as FOR UPDATE would
        # (and waits for a concurrent first insert), and RETURNING reads it.
        stmt = self._insert(table).values(tenant_id=self.tenant_id, **{key: value})
        return self.session.execute(stmt.on_conflict_do_update(
            index_elements=["tenant_id", key], set_={key: stmt.excluded[key]}).returning(*table.c)).one()

    def contract(self, contract_id: str) -> Row[Any]:
        """The contract's row, locked (its store is null until the signing arrives)."""
        return self._anchor(contracts_seen, "contract_id", contract_id)

    def sign_contract(self, contract_id: str, store: str, day: date, value_fen: int) -> None:
        """Record a signing on its (locked) row."""
        self.session.execute(update(contracts_seen).where(
            contracts_seen.c.tenant_id == self.tenant_id, contracts_seen.c.contract_id == contract_id)
            .values(store=store, day=day, value_fen=value_fen))

    def add_receipt(self, payment_id: str, contract_id: str, day: date, amount_fen: int, *,
                    attributed: bool) -> bool:
        """Record money counted as received; False when this payment was counted already."""
        result = self.session.execute(self._insert(receipts).values(
            tenant_id=self.tenant_id, payment_id=payment_id, contract_id=contract_id, day=day,
            amount_fen=amount_fen, attributed=attributed).on_conflict_do_nothing(
            index_elements=["tenant_id", "payment_id"]))
        return bool(cast(CursorResult[Any], result).rowcount)

    def unattributed_receipts(self, contract_id: str) -> list[Row[Any]]:
        """Receipts of a contract counted before its signing arrived; marked attributed now."""
        return list(self.session.execute(update(receipts).where(
            receipts.c.tenant_id == self.tenant_id, receipts.c.contract_id == contract_id,
            receipts.c.attributed.is_(False)).values(attributed=True)
            .returning(receipts.c.day, receipts.c.amount_fen)).all())

    def project(self, project_id: str) -> Row[Any]:
        """The project's row, locked (store null until it opens, finished_day null until it ends)."""
        return self._anchor(projects_seen, "project_id", project_id)

    def update_project(self, project_id: str, **values: Any) -> None:
        """Set a project's store and opening, or its finish."""
        self.session.execute(update(projects_seen).where(
            projects_seen.c.tenant_id == self.tenant_id, projects_seen.c.project_id == project_id).values(**values))

    def _sums(self, lo: date | None, hi: date, stores: Iterable[str] | None,
              names: tuple[str, ...]) -> dict[str, list[int]]:
        """Each store's sums of ``names`` over the days ``lo``..``hi`` (``lo`` None: from the start):
        whole months from the monthly rows, the days at either end from the daily rows."""
        first_full = None if lo is None else (lo if lo.day == 1 else _next_month(lo))
        after_last_full = _next_month(hi) if _next_month(hi) - timedelta(days=1) == hi else hi.replace(day=1)
        parts: list[Any] = []

        def part(table: Any, key: str, low: date | None, high_excl: date | None, high_incl: date | None) -> None:
            col = table.c[key]
            q = select(table.c.store, *(func.sum(table.c[n]) for n in names)).where(table.c.tenant_id == self.tenant_id)
            if low is not None:
                q = q.where(col >= low)
            if high_excl is not None:
                q = q.where(col < high_excl)
            if high_incl is not None:
                q = q.where(col <= high_incl)
            if stores is not None:
                q = q.where(table.c.store.in_(sorted(stores)))
            parts.append(q.group_by(table.c.store))

        if first_full is None or first_full < after_last_full:
            part(monthly_figures, "month", first_full, after_last_full, None)
            if lo is not None and lo < first_full:  # type: ignore[operator]
                part(daily_figures, "day", lo, first_full, None)
            if after_last_full <= hi:
                part(daily_figures, "day", after_last_full, None, hi)
        else:  # no whole month inside: the days themselves
            part(daily_figures, "day", lo, None, hi)
        found: dict[str, list[int]] = {}
        for q in parts:
            for row in self.session.execute(q):
                sums = found.setdefault(row[0], [0] * len(names))
                for i, value in enumerate(row[1:]):
                    sums[i] += int(value or 0)
        return found

    def figures(self, start: date, end: date, stores: Iterable[str] | None) -> dict[str, Figures]:
        """Each store's figures: counts of ``start``..``end``, balances as of ``end``."""
        period = self._sums(start, end, stores, ("leads", "contracts_signed", "contract_value_fen", "received_fen"))
        balance = self._sums(None, end, stores, ("contract_value_fen", "received_fen", "projects_opened",
                                                 "projects_finished", "complaints_recorded", "complaints_resolved"))
        answer: dict[str, Figures] = {}
        for store in sorted(set(period) | set(balance)):
            p, b = period.get(store, [0] * 4), balance.get(store, [0] * 6)
            answer[store] = Figures(leads=p[0], contracts_signed=p[1], contract_value_fen=p[2], received_fen=p[3],
                                    outstanding_fen=b[0] - b[1], projects_in_progress=b[2] - b[3],
                                    complaints_open=b[4] - b[5])
        return answer


def _next_month(day: date) -> date:
    """The first day of the month after ``day``'s."""
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
