"""What the reporting service answers."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from services.reporting.domain.figures import yuan
from services.reporting.domain.statements import ReportDocument, Statement, Week
from shared.money import MONEY_PATTERN
from shared.wire import Instant

SIGNED = "^-?" + MONEY_PATTERN[1:]


class FigureSet(BaseModel):
    """api.md's figures: counts of the period, balances at its end; money as yuan strings."""

    leads: int
    contracts_signed: int
    contract_value: str = Field(pattern=MONEY_PATTERN)
    received: str = Field(pattern=MONEY_PATTERN)
    #: Signed value not received yet, as of ``to`` (negative only if money came before a signing).
    outstanding: str = Field(pattern=SIGNED)
    projects_in_progress: int
    complaints_open: int


class StoreFigures(FigureSet):
    store: str
    #: Drill-down: the list behind each count, as a path with its query (portal links).
    links: dict[str, str]


class DashboardRead(BaseModel):
    # ``from`` is a Python keyword: the field is ``from_``, the answer's member ``from``.
    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True, serialize_by_alias=True)

    from_: date = Field(alias="from")
    to: date
    stores: list[StoreFigures]
    total: FigureSet


class WeekDayRead(BaseModel):
    day: date
    leads: int
    contracts_signed: int
    contract_value: str = Field(pattern=MONEY_PATTERN)


class CustomerResourceStatisticsRead(BaseModel):
    """S04: a store's week (Monday to Sunday), its days and totals, as XLSX and PDF documents."""

    kind: str
    store: str
    week: date
    document_id: str
    pdf_document_id: str
    produced_at: Instant
    days: list[WeekDayRead]
    leads: int
    contracts_signed: int
    contract_value: str = Field(pattern=MONEY_PATTERN)
    signing_rate: str

    @classmethod
    def of(cls, s: Statement, week: Week) -> CustomerResourceStatisticsRead:
        return cls(kind=s.kind, store=s.store, week=s.period, document_id=s.document_id,
                   pdf_document_id=s.pdf_document_id, produced_at=s.produced_at,
                   days=[WeekDayRead(day=d.day, leads=d.leads, contracts_signed=d.contracts_signed,
                                     contract_value=yuan(d.contract_value_fen)) for d in week.days],
                   leads=week.leads, contracts_signed=week.contracts_signed,
                   contract_value=yuan(week.contract_value_fen), signing_rate=week.signing_rate())


class DocumentContent(BaseModel):
    """Where a statement file is, for the gateway's download (never public), as the other owners answer."""

    id: str
    kind: str
    filename: str
    content_type: str
    sha256: str
    size: int
    store: str | None
    contract_id: str | None
    created_at: Instant
    storage_key: str

    @classmethod
    def of(cls, d: ReportDocument) -> DocumentContent:
        extension = d.storage_key.rsplit(".", 1)[-1]
        return cls(id=d.id, kind=d.kind, filename=f"{d.kind}-{d.id}.{extension}", content_type=d.content_type,
                   sha256=d.sha256, size=d.size, store=d.store, contract_id=None, created_at=d.created_at,
                   storage_key=d.storage_key)
