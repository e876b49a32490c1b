"""The notifications database, mapped onto the domain's classes: every table carries ``tenant_id`` (P01)."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, Text
from sqlalchemy.orm import registry

from services.notifications.domain.model import Delivery, Notification, Reading, Recipient
from shared.persistence.db_types import UtcDateTime
from shared.persistence.platform_tables import add_platform_tables
from shared.persistence.sweeps import add_sweep_tenants

metadata = MetaData()
PLATFORM = add_platform_tables(metadata)

#: One alert or notice, addressed to roles of a store (None: every store).
notifications = Table(
    "notifications", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("kind", String(64), nullable=False),
    Column("title", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("store", String(1), nullable=True),
    #: The addressed roles, comma-separated and sorted ("engineering_manager,general_manager").
    Column("roles", String(500), nullable=False),
    Column("rule", String(8), nullable=True),
    Column("subject_id", String(64), nullable=True),
    Column("source_event_id", String(36), nullable=False),
    Column("created_at", UtcDateTime, index=True, nullable=False),
)

#: That a user read a notification (their inbox's read flag).
readings = Table(
    "notification_readings", metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("notification_id", String(36), primary_key=True),
    Column("username", String(128), primary_key=True),
    Column("read_at", UtcDateTime, nullable=False),
)

#: A tenant's addresses on other channels, per role (and store).
recipients = Table(
    "notification_recipients", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("role", String(32), nullable=False),
    Column("store", String(1), nullable=True),
    Column("channel", String(16), nullable=False),
    Column("address", String(254), nullable=False),
    Column("created_by", String(128), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

#: One notification on its way to one address (sent by the delivery timer, at least once).
deliveries = Table(
    "notification_deliveries", metadata,
    Column("id", String(36), primary_key=True),
    Column("tenant_id", String(64), index=True, nullable=False),
    Column("notification_id", String(36), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("address", String(254), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("status", String(16), index=True, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("last_error", String(500), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("sent_at", UtcDateTime, nullable=True),
)

#: The tenants with notifications, for the delivery timer (outside any tenant; decision 0016).
sweep_tenants = add_sweep_tenants(metadata)

mapper_registry = registry(metadata=metadata)
mapper_registry.map_imperatively(Notification, notifications)
mapper_registry.map_imperatively(Reading, readings)
mapper_registry.map_imperatively(Recipient, recipients)
mapper_registry.map_imperatively(Delivery, deliveries)

