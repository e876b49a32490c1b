"""The reporting database: per-store figures per day and per month, and the facts that attribute them.

Every table carries ``tenant_id`` (P01). The figures are deltas per store-local day (and the
same per month); a balance (outstanding, projects in progress, open complaints) is their sum up
to a date. The fact tables exist because some events name no store (a payment, a step): they are
attributed through the contract or project they belong to, whichever event arrives first.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Date, Index, Integer, MetaData, String, Table

from shared.persistence.db_types import UtcDateTime
from shared.persistence.platform_tables import add_platform_tables
from shared.persistence.sweeps import add_sweep_tenants
from shared.tenant_settings import add_tenant_settings

metadata = MetaData()
PLATFORM = add_platform_tables(metadata)
#: The newest settings snapshot the directory pushed (decision 0036): each store's time zone.
TENANT_SETTINGS = add_tenant_settings(metadata)

#: Store codes are one capital letter today; the read model leaves room for longer ones.
STORE_CODE = 8
#: The deltas of a store's day (or month).
FIGURES = ("leads", "contracts_signed", "contract_value_fen", "received_fen", "projects_opened",
           "projects_finished", "complaints_recorded", "complaints_resolved")


def _figure_columns() -> list[Column[int]]:
    return [Column(name, BigInteger if name.endswith("_fen") else Integer, nullable=False, default=0)
            for name in FIGURES]


#: One row per tenant, store-local day and store.
daily_figures = Table(
    "daily_figures", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("store", String(STORE_CODE), primary_key=True),
    *_figure_columns(),
)

#: The same figures per calendar month (``month`` is its first day): a sum over years reads
#: its months and the days at its two ends, not every day (decision 0020).
monthly_figures = Table(
    "monthly_figures", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("month", Date, primary_key=True),
    Column("store", String(STORE_CODE), primary_key=True),
    *_figure_columns(),
)

#: Signed contracts: the store a payment of the contract counts for. A row may exist before its
#: signing arrives (``store`` still null), as the anchor its payments lock.
contracts_seen = Table(
    "contracts_seen", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("contract_id", String(36), primary_key=True),
    Column("store", String(STORE_CODE), nullable=True),
    Column("day", Date, nullable=True),
    Column("value_fen", BigInteger, nullable=True),
)

#: Money finance counts as received (recorded as received, or confirmed), once per payment, on
#: the day it was counted; ``attributed`` once its contract's store is known.
receipts = Table(
    "receipts", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("payment_id", String(36), primary_key=True),
    Column("contract_id", String(36), nullable=False),
    Column("day", Date, nullable=False),
    Column("amount_fen", BigInteger, nullable=False),
    Column("attributed", Boolean, nullable=False),
    Index("ix_receipts_contract", "tenant_id", "contract_id"),
)

#: Projects: opened (with its store) and finished (the last step), in either order.
projects_seen = Table(
    "projects_seen", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("project_id", String(36), primary_key=True),
    Column("store", String(STORE_CODE), nullable=True),
    Column("opened_day", Date, nullable=True),
    Column("finished_day", Date, nullable=True),
)

#: The tenants the S04 timer sweeps (decision 0016): enrolled by their first lead or signing.
sweep_tenants = add_sweep_tenants(metadata)

#: S04: a statement produced for a store and period (the week's Monday), once.
reporting_statements = Table(
    "reporting_statements", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("kind", String(32), primary_key=True),
    Column("store", String(STORE_CODE), primary_key=True),
    Column("period", Date, primary_key=True),
    Column("document_id", String(36), nullable=False),
    Column("pdf_document_id", String(36), nullable=False),
    Column("produced_at", UtcDateTime, nullable=False),
)

#: The XLSX and PDF files of the statements (write-once, in the document store).
reporting_documents = Table(
    "reporting_documents", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("id", String(36), primary_key=True),
    Column("store", String(STORE_CODE), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("storage_key", String(200), nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)
