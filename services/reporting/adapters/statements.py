"""S04's statements of one tenant: the weeks produced, their documents, the days they are made of."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from services.reporting.adapters.orm import daily_figures, reporting_documents, reporting_statements, sweep_tenants
from services.reporting.domain.statements import Day, ReportDocument, Statement
from shared.errors import NotFound
from shared.persistence.db import ServiceDatabase
from shared.persistence.sweeps import enroll_tenant
from shared.persistence.sweeps import tenants_to_sweep as sweep_tenant_ids


class StatementRepository:
    """Reads and writes the statement tables of the unit of work's tenant."""

    def __init__(self, session: Session, tenant_id: str) -> None:
        self.session = session
        self.tenant_id = tenant_id

    def enroll(self) -> None:
        """The tenant joins the weekly timer's sweep (once)."""
        enroll_tenant(self.session, sweep_tenants, self.tenant_id)

    def find(self, kind: str, store: str, period: date) -> Statement | None:
        t = reporting_statements.c
        row = self.session.execute(select(reporting_statements).where(
            t.tenant_id == self.tenant_id, t.kind == kind, t.store == store, t.period == period)).one_or_none()
        if row is None:
            return None
        return Statement(kind=row.kind, store=row.store, period=row.period, document_id=row.document_id,
                         pdf_document_id=row.pdf_document_id, produced_at=row.produced_at)

    def add(self, statement: Statement) -> None:
        """Record a statement; a second producer of the same period collides on the key (rolled back)."""
        self.session.execute(insert(reporting_statements).values(tenant_id=self.tenant_id, **vars(statement)))

    def add_document(self, document: ReportDocument) -> None:
        self.session.execute(insert(reporting_documents).values(tenant_id=self.tenant_id, **vars(document)))

    def document(self, document_id: str) -> ReportDocument:
        t = reporting_documents.c
        row = self.session.execute(select(reporting_documents).where(
            t.tenant_id == self.tenant_id, t.id == document_id)).one_or_none()
        if row is None:
            raise NotFound("document not found", field="document_id")
        return ReportDocument(id=row.id, store=row.store, kind=row.kind, storage_key=row.storage_key,
                              content_type=row.content_type, sha256=row.sha256, size=row.size,
                              created_at=row.created_at)

    def stores(self) -> list[str]:
        """The stores with any figures."""
        return list(self.session.execute(select(daily_figures.c.store).distinct()
                                         .where(daily_figures.c.tenant_id == self.tenant_id)
                                         .order_by(daily_figures.c.store)).scalars())

    def days(self, store: str, monday: date) -> dict[date, Day]:
        """The store's days of the week that starts on ``monday`` that have figures."""
        t = daily_figures.c
        rows = self.session.execute(select(t.day, t.leads, t.contracts_signed, t.contract_value_fen).where(
            t.tenant_id == self.tenant_id, t.store == store, t.day >= monday,
            t.day < monday + timedelta(days=7))).all()
        return {r.day: Day(r.day, int(r.leads), int(r.contracts_signed), int(r.contract_value_fen)) for r in rows}


def tenants_to_sweep(platform_db: ServiceDatabase) -> list[str]:
    """Tenants with figures, for the S04 weekly timer (decision 0016: the relay role reads this table)."""
    return sweep_tenant_ids(platform_db, sweep_tenants)
