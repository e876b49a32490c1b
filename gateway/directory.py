"""The platform's own records of tenants, stores and which staff work in which store.

Token claims are hints (Keycloak's organization claim has known bugs, a user attribute is edited by
hand); the gateway checks them against these records (architecture.md, "Identity and tenancy").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from shared.clock import DEFAULT_TIMEZONE
from shared.errors import Conflict, InvalidInput, NotFound
from shared.persistence.db import make_engine
from shared.persistence.migrations import upgrade_on
from shared.tenant_settings import HqSettings, SettingsSnapshot, SettingValues, StoreSettings

TENANT_ID = re.compile(r"^[a-z][a-z0-9-]{0,62}$")
STORE_CODE = re.compile(r"^[A-Z]$")  # domain.md: a store is one capital letter (A, B, C…)


MIGRATIONS = Path(__file__).parent / "migrations"


class Base(DeclarativeBase):
    pass


class TenantRow(Base):
    __tablename__ = "tenants"
    tenant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    #: A disabled tenant's tokens are refused (403) until an operator enables it again.
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")


class StoreRow(Base):
    __tablename__ = "stores"
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.tenant_id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    #: The store's own settings (shared.tenant_settings.SettingValues, its time zone aside), or None.
    overrides: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class TenantSettingsRow(Base):
    """The tenant's HQ settings and the version of its settings snapshot (decision 0036)."""

    __tablename__ = "tenant_settings"
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.tenant_id"), primary_key=True)
    #: Raised by every change of the tenant's settings or stores, so services keep the newest push.
    version: Mapped[int] = mapped_column(Integer)
    hq: Mapped[dict[str, Any]] = mapped_column(JSON)


class MembershipRow(Base):
    __tablename__ = "store_memberships"
    __table_args__ = (ForeignKeyConstraint(["tenant_id", "store"], ["stores.tenant_id", "stores.code"]),)
    tenant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(255), primary_key=True)
    store: Mapped[str] = mapped_column(String(8), primary_key=True)


class AdminIdempotencyRow(Base):
    """The answer of a tenant administration request under its caller's ``Idempotency-Key``."""

    __tablename__ = "admin_idempotency"
    tenant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    caller: Mapped[str] = mapped_column(String(64), primary_key=True)
    operation: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_sha256: Mapped[str] = mapped_column(String(64))
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[Any] = mapped_column(DateTime(timezone=True), server_default=func.now())


@dataclass(frozen=True)
class Tenant:
    """A company using the platform."""

    tenant_id: str
    name: str
    name_en: str
    enabled: bool


@dataclass(frozen=True)
class Store:
    """A design studio (设计室) of a tenant."""

    tenant_id: str
    code: str
    name: str
    timezone: str = DEFAULT_TIMEZONE


class Directory:
    """Tenants, stores and staff store membership, in the gateway's own database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def ensure_schema(self) -> None:
        """Bring the directory's tables to the newest migration (``gateway/migrations``)."""
        with self.engine.begin() as connection:
            upgrade_on(MIGRATIONS, connection)

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()

    def add_tenant(self, tenant_id: str, name: str, name_en: str = "") -> None:
        """Record a tenant; ``tenant_id`` is a lowercase slug (``demo``) and also the organization alias."""
        if not TENANT_ID.fullmatch(tenant_id):
            raise InvalidInput("tenant id must be a lowercase slug like 'demo'", field="tenant_id")
        with self._sessions.begin() as session:
            if session.get(TenantRow, tenant_id) is not None:
                raise Conflict(f"tenant {tenant_id!r} already exists")
            session.add(TenantRow(tenant_id=tenant_id, name=name, name_en=name_en))

    def add_store(self, tenant_id: str, code: str, name: str, timezone: str = DEFAULT_TIMEZONE) -> Store:
        """Record a store (one capital letter) of an existing tenant."""
        if not STORE_CODE.fullmatch(code):
            raise InvalidInput("store code must be one capital letter", field="code")
        with self._sessions.begin() as session:
            self._require_tenant(session, tenant_id)
            if session.get(StoreRow, (tenant_id, code)) is not None:
                raise Conflict(f"store {code!r} already exists")
            row = StoreRow(tenant_id=tenant_id, code=code, name=name, timezone=timezone)
            session.add(row)
            return _store(row)

    def remove_store(self, tenant_id: str, code: str) -> None:
        """Forget a store nobody works in yet (undoing an ``add_store`` whose set-up failed)."""
        with self._sessions.begin() as session:
            session.execute(delete(MembershipRow).where(MembershipRow.tenant_id == tenant_id,
                                                        MembershipRow.store == code))
            session.execute(delete(StoreRow).where(StoreRow.tenant_id == tenant_id, StoreRow.code == code))

    def add_membership(self, tenant_id: str, username: str, store: str) -> None:
        """Record that ``username`` works in ``store``; adding it twice changes nothing."""
        with self._sessions.begin() as session:
            if session.get(StoreRow, (tenant_id, store)) is None:
                raise NotFound(f"store {store!r} not found")
            if session.get(MembershipRow, (tenant_id, username, store)) is None:
                session.add(MembershipRow(tenant_id=tenant_id, username=username, store=store))

    def tenant_exists(self, tenant_id: str) -> bool:
        """True when the tenant is known to the platform and not disabled."""
        with self._sessions() as session:
            row = session.get(TenantRow, tenant_id)
            return row is not None and row.enabled

    def tenant(self, tenant_id: str) -> Tenant | None:
        """The tenant, enabled or not, or None."""
        with self._sessions() as session:
            row = session.get(TenantRow, tenant_id)
            return _tenant(row) if row is not None else None

    def tenants(self) -> list[Tenant]:
        """Every tenant, by id."""
        with self._sessions() as session:
            return [_tenant(row) for row in session.scalars(select(TenantRow).order_by(TenantRow.tenant_id))]

    def set_tenant_enabled(self, tenant_id: str, enabled: bool) -> None:
        """Enable or disable a tenant (its tokens are refused while disabled)."""
        with self._sessions.begin() as session:
            self._require_tenant(session, tenant_id)
            session.execute(update(TenantRow).where(TenantRow.tenant_id == tenant_id).values(enabled=enabled))

    def add_tenant_with_stores(self, tenant: Tenant, stores: list[Store]) -> None:
        """A tenant and its first stores in one transaction: all of them or, on a clash, none."""
        if not TENANT_ID.fullmatch(tenant.tenant_id):
            raise InvalidInput("tenant id must be a lowercase slug like 'demo'", field="tenant_id")
        with self._sessions.begin() as session:
            if session.get(TenantRow, tenant.tenant_id) is not None:
                raise Conflict(f"tenant {tenant.tenant_id!r} already exists", field="tenant_id")
            session.add(TenantRow(tenant_id=tenant.tenant_id, name=tenant.name, name_en=tenant.name_en,
                                  enabled=tenant.enabled))
            session.flush()
            session.add_all(StoreRow(tenant_id=tenant.tenant_id, code=s.code, name=s.name, timezone=s.timezone)
                            for s in stores)

    def memberships_of_tenant(self, tenant_id: str) -> dict[str, set[str]]:
        """Store codes by username, for every staff member of the tenant with a store."""
        found: dict[str, set[str]] = {}
        with self._sessions() as session:
            for username, store in session.execute(select(MembershipRow.username, MembershipRow.store).where(
                    MembershipRow.tenant_id == tenant_id)):
                found.setdefault(username, set()).add(store)
        return found

    def set_memberships(self, tenant_id: str, username: str, stores: set[str]) -> None:
        """Make ``username`` work in exactly ``stores`` (each a store of the tenant)."""
        with self._sessions.begin() as session:
            for code in stores:
                if session.get(StoreRow, (tenant_id, code)) is None:
                    raise NotFound(f"store {code!r} not found", field="stores")
            session.execute(delete(MembershipRow).where(MembershipRow.tenant_id == tenant_id,
                                                        MembershipRow.username == username))
            session.add_all(MembershipRow(tenant_id=tenant_id, username=username, store=code) for code in stores)

    def recall(self, tenant_id: str, caller: str, operation: str, key: str | None,
               fingerprint: str) -> dict[str, Any] | None:
        """The stored answer of ``caller``'s earlier request under ``key``; 409 for another request."""
        if not key:
            return None
        with self._sessions() as session:
            row = session.get(AdminIdempotencyRow, (tenant_id, caller, operation, key))
            if row is None:
                return None
            if row.request_sha256 != fingerprint:
                raise Conflict("this Idempotency-Key was already used for a different request",
                               field="Idempotency-Key")
            return dict(row.response)

    def remember(self, tenant_id: str, caller: str, operation: str, key: str | None, fingerprint: str,
                 response: dict[str, Any]) -> None:
        """Keep ``caller``'s answer under ``key`` (a lost race keeps the first answer)."""
        if not key:
            return
        with self._sessions.begin() as session:
            if session.get(AdminIdempotencyRow, (tenant_id, caller, operation, key)) is None:
                session.add(AdminIdempotencyRow(tenant_id=tenant_id, caller=caller, operation=operation, key=key,
                                                request_sha256=fingerprint, response=response))

    def export_tenant(self, tenant_id: str) -> dict[str, list[dict[str, Any]]]:
        """Every directory row of the tenant, by table (PIPL export)."""
        from shared.persistence.tenant_data import export_rows

        with self._sessions() as session:
            return export_rows(session, Base.metadata, tenant_id)

    def delete_tenant(self, tenant_id: str) -> dict[str, int]:
        """Remove every directory row of the tenant, the tenant itself last; rows removed by table."""
        from shared.persistence.tenant_data import delete_rows

        with self._sessions.begin() as session:
            return delete_rows(session, Base.metadata, tenant_id)

    def stores_of_tenant(self, tenant_id: str) -> list[Store]:
        """Every store of the tenant, by code."""
        with self._sessions() as session:
            rows = session.scalars(
                select(StoreRow).where(StoreRow.tenant_id == tenant_id).order_by(StoreRow.code))
            return [_store(row) for row in rows]

    def stores_of(self, tenant_id: str, username: str) -> set[str]:
        """The codes of the stores ``username`` works in inside ``tenant_id``."""
        with self._sessions() as session:
            codes = session.scalars(select(MembershipRow.store).where(
                MembershipRow.tenant_id == tenant_id, MembershipRow.username == username))
            return set(codes)

    def store(self, tenant_id: str, code: str) -> Store | None:
        """One store of the tenant, or None."""
        with self._sessions() as session:
            row = session.get(StoreRow, (tenant_id, code))
            return _store(row) if row is not None else None

    # --- settings (decision 0036) ------------------------------------------------------------

    def hq_settings(self, tenant_id: str) -> HqSettings:
        """The tenant's HQ settings (the platform's when it set none)."""
        with self._sessions() as session:
            row = session.get(TenantSettingsRow, tenant_id)
            return HqSettings.model_validate(row.hq) if row is not None else HqSettings()

    def store_overrides(self, tenant_id: str, code: str) -> SettingValues:
        """One store's overrides, its time zone included."""
        with self._sessions() as session:
            row = session.get(StoreRow, (tenant_id, code))
            if row is None:
                raise NotFound(f"store {code!r} not found")
            return _overrides(row)

    def set_hq_settings(self, tenant_id: str, hq: HqSettings) -> SettingsSnapshot:
        """Replace the tenant's HQ settings; the new snapshot (its version raised)."""
        with self._sessions.begin() as session:
            self._require_tenant(session, tenant_id)
            row = self._settings_row(session, tenant_id)
            row.hq = hq.model_dump(mode="json")
            row.version += 1
            session.flush()
            return self._snapshot(session, tenant_id)

    def set_store_overrides(self, tenant_id: str, code: str, overrides: SettingValues) -> SettingsSnapshot:
        """Replace one store's overrides (its time zone is the store's own column); the new snapshot."""
        with self._sessions.begin() as session:
            store = session.get(StoreRow, (tenant_id, code))
            if store is None:
                raise NotFound(f"store {code!r} not found")
            if overrides.timezone is not None:
                store.timezone = overrides.timezone
            rest = overrides.model_dump(mode="json", exclude={"timezone"}, exclude_none=True)
            store.overrides = rest or None
            self._settings_row(session, tenant_id).version += 1
            session.flush()
            return self._snapshot(session, tenant_id)

    def touch_settings(self, tenant_id: str) -> SettingsSnapshot:
        """A new version of the snapshot with nothing changed but the stores (a store was added)."""
        with self._sessions.begin() as session:
            self._require_tenant(session, tenant_id)
            self._settings_row(session, tenant_id).version += 1
            session.flush()
            return self._snapshot(session, tenant_id)

    def settings_snapshot(self, tenant_id: str) -> SettingsSnapshot:
        """The tenant's settings as the services keep them: HQ, every store, the company name."""
        with self._sessions() as session:
            self._require_tenant(session, tenant_id)
            return self._snapshot(session, tenant_id)

    @staticmethod
    def _settings_row(session: Session, tenant_id: str) -> TenantSettingsRow:
        row = session.get(TenantSettingsRow, tenant_id, with_for_update=True)
        if row is None:
            row = TenantSettingsRow(tenant_id=tenant_id, version=0, hq=HqSettings().model_dump(mode="json"))
            session.add(row)
        return row

    @staticmethod
    def _snapshot(session: Session, tenant_id: str) -> SettingsSnapshot:
        tenant = session.get(TenantRow, tenant_id)
        assert tenant is not None
        row = session.get(TenantSettingsRow, tenant_id)
        stores = session.scalars(select(StoreRow).where(StoreRow.tenant_id == tenant_id).order_by(StoreRow.code))
        return SettingsSnapshot(
            tenant_id=tenant_id, version=row.version if row else 0, company_name=tenant.name,
            hq=HqSettings.model_validate(row.hq) if row else HqSettings(),
            stores={s.code: StoreSettings(name=s.name, overrides=_overrides(s)) for s in stores})

    @staticmethod
    def _require_tenant(session: Session, tenant_id: str) -> None:
        if session.get(TenantRow, tenant_id) is None:
            raise NotFound(f"tenant {tenant_id!r} not found")


def _tenant(row: TenantRow) -> Tenant:
    return Tenant(tenant_id=row.tenant_id, name=row.name, name_en=row.name_en, enabled=row.enabled)


def _overrides(row: StoreRow) -> SettingValues:
    return SettingValues.model_validate({**(row.overrides or {}), "timezone": row.timezone})


def _store(row: StoreRow) -> Store:
    return Store(tenant_id=row.tenant_id, code=row.code, name=row.name, timezone=row.timezone)
