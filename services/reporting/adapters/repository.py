"""The figures of one tenant (P01): deltas added to a day atomically, and the dashboard's sums."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, cast

from sqlalchemy import CursorResult, Row, case, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from services.reporting.adapters.orm import contracts_seen, daily_figures, projects_seen, receipts
from services.reporting.domain.figures import Figures

DELTAS = ("leads", "contracts_signed", "contract_value_fen", "received_fen", "projects_opened",
          "projects_finished", "complaints_recorded", "complaints_resolved")


class FigureRepository:
    """Reads and writes the reporting tables of the unit of work's tenant."""

    def __init__(self, session: Session, tenant_id: str) -> None:
        self.session = session
        self.tenant_id = tenant_id

    def _insert(self, table: Any) -> Any:
        dialect = self.session.get_bind().dialect.name
        return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)

    def add_to_day(self, store: str, day: date, **deltas: int) -> None:
        """Add ``deltas`` to a store's day, in one statement (concurrent handlers add, never overwrite)."""
        values = {name: deltas.get(name, 0) for name in DELTAS}
        stmt = self._insert(daily_figures).values(tenant_id=self.tenant_id, store=store, day=day, **values)
        self.session.execute(stmt.on_conflict_do_update(
            index_elements=["tenant_id", "day", "store"],
            set_={name: daily_figures.c[name] + stmt.excluded[name] for name in deltas}))

    def _anchor(self, table: Any, key: str, value: str) -> Row[Any]:
        # The row a contract's (or project's) events lock: created empty if none came before, so
        # two events of one contract never both miss each other (READ COMMITTED on PostgreSQL).
        self.session.execute(self._insert(table).values(tenant_id=self.tenant_id, **{key: value})
                             .on_conflict_do_nothing(index_elements=["tenant_id", key]))
        return self.session.execute(select(table).where(table.c.tenant_id == self.tenant_id,
                                                        table.c[key] == value).with_for_update()).one()

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
        where = (receipts.c.tenant_id == self.tenant_id, receipts.c.contract_id == contract_id,
                 receipts.c.attributed.is_(False))
        rows = list(self.session.execute(select(receipts.c.day, receipts.c.amount_fen).where(*where)).all())
        self.session.execute(update(receipts).where(*where).values(attributed=True))
        return rows

    def project(self, project_id: str) -> Row[Any]:
        """The project's row, locked (store null until it opens, finished_day null until it ends)."""
        return self._anchor(projects_seen, "project_id", project_id)

    def update_project(self, project_id: str, **values: Any) -> None:
        """Set a project's store and opening, or its finish."""
        self.session.execute(update(projects_seen).where(
            projects_seen.c.tenant_id == self.tenant_id, projects_seen.c.project_id == project_id).values(**values))

    def figures(self, start: date, end: date, stores: Iterable[str] | None) -> dict[str, Figures]:
        """Each store's figures: counts of ``start``..``end``, balances as of ``end`` (one query)."""
        d = daily_figures.c
        within = (d.day >= start)

        def period(column: Any) -> Any:
            return func.coalesce(func.sum(case((within, column), else_=0)), 0)

        def balance(plus: Any, minus: Any) -> Any:
            return func.coalesce(func.sum(plus - minus), 0)

        q = (select(d.store, period(d.leads), period(d.contracts_signed), period(d.contract_value_fen),
                    period(d.received_fen), balance(d.contract_value_fen, d.received_fen),
                    balance(d.projects_opened, d.projects_finished),
                    balance(d.complaints_recorded, d.complaints_resolved))
             .where(d.tenant_id == self.tenant_id, d.day <= end).group_by(d.store).order_by(d.store))
        if stores is not None:
            q = q.where(d.store.in_(sorted(stores)))
        return {row[0]: Figures(*(int(v) for v in row[1:])) for row in self.session.execute(q)}
