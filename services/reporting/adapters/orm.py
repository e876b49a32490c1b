"""The reporting database: per-store per-day figures and the few facts that attribute them.

Every table carries ``tenant_id`` (P01). The figures are deltas per store-local day; a balance
(outstanding, projects in progress, open complaints) is the sum of its days up to a date. The
fact tables exist because some events name no store (a payment, a step): they are attributed
through the contract or project they belong to, whichever of the events arrives first.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Date, Index, Integer, MetaData, String, Table

from shared.persistence.platform_tables import add_platform_tables

metadata = MetaData()
PLATFORM = add_platform_tables(metadata)

#: What the dashboard sums: one row per tenant, store-local day and store.
daily_figures = Table(
    "daily_figures", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("store", String(1), primary_key=True),
    Column("leads", Integer, nullable=False, default=0),
    Column("contracts_signed", Integer, nullable=False, default=0),
    Column("contract_value_fen", BigInteger, nullable=False, default=0),
    Column("received_fen", BigInteger, nullable=False, default=0),
    Column("projects_opened", Integer, nullable=False, default=0),
    Column("projects_finished", Integer, nullable=False, default=0),
    Column("complaints_recorded", Integer, nullable=False, default=0),
    Column("complaints_resolved", Integer, nullable=False, default=0),
)

#: Signed contracts: the store a payment of the contract counts for. A row may exist before its
#: signing arrives (``store`` still null), as the anchor its payments lock.
contracts_seen = Table(
    "contracts_seen", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("contract_id", String(36), primary_key=True),
    Column("store", String(1), nullable=True),
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
    Column("store", String(1), nullable=True),
    Column("opened_day", Date, nullable=True),
    Column("finished_day", Date, nullable=True),
)

TENANT_TABLES = ["daily_figures", "contracts_seen", "receipts", "projects_seen"]
