"""Tenant settings: the values rules read instead of constants, their validation and their resolution.

The vocabulary is declared once here (decision 0036). A tenant's HQ sets defaults for its stores
and says which of them a store may override; a store's override wins over the HQ default, which
wins over the platform default. The platform defaults are today's constants, so a tenant that
sets nothing behaves exactly as before.

The gateway's directory owns the settings and pushes the tenant's whole, versioned
:class:`SettingsSnapshot` to every service that reads them (``apply_tenant_settings``, see
:func:`tenant_settings_operation`). Each service keeps the newest snapshot in its own
``tenant_settings`` table (:func:`add_tenant_settings`) and reads the resolved values through its
unit of work (:class:`TenantSettingsRepository`), so no service reads another's database and a
rule never waits for a call to answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.clock import DEFAULT_TIMEZONE, iana_zone, local_today, utcnow
from shared.errors import Forbidden
from shared.identity.context import Principal
from shared.messaging.operations import Operation
from shared.money import Money
from shared.persistence.db_types import UtcDateTime
from shared.validation import exact_decimal

#: Roles that may push a snapshot: the platform acting for the tenant (the gateway's directory).
APPLY_ROLES = frozenset({"tenant_admin", "system"})


def _below_one(value: Decimal) -> Decimal:
    if not value < Decimal(1):
        raise ValueError("a ratio lies strictly between 0 and 1, such as \"0.6\"")
    return value


Timezone = Annotated[str, StringConstraints(max_length=64), AfterValidator(iana_zone)]
if TYPE_CHECKING:
    Ratio = Decimal
else:
    #: A share strictly between 0 and 1, as a decimal string of up to 4 places ("0.6", "0.3333").
    Ratio = Annotated[exact_decimal(int_digits=1, places=4, gt=0, le=1), AfterValidator(_below_one)]
#: Yuan as a decimal string, never a float (F07): an approval line.
Yuan = Money
Days = Annotated[int, Field(ge=1, le=90)]
BRepairPolicy = Literal["company", "customer"]


class RepairApprovalTiers(BaseModel):
    """A05: who approves a repair cost by amount, and above which amount the audit department audits it.

    Up to ``aftercare_manager_up_to`` the aftercare manager; up to ``deputies_up_to`` the deputy chief
    engineer and the deputy general manager; above it the general manager; above ``audit_above``
    the auditor too. The lines ascend.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    aftercare_manager_up_to: Yuan
    deputies_up_to: Yuan
    audit_above: Yuan

    @model_validator(mode="after")
    def _ascending(self) -> RepairApprovalTiers:
        if not self.aftercare_manager_up_to < self.deputies_up_to:
            raise ValueError("deputies_up_to must be above aftercare_manager_up_to (the tiers ascend)")
        if not self.deputies_up_to <= self.audit_above:
            raise ValueError("audit_above must not be below deputies_up_to (the tiers ascend)")
        return self


class SettingValues(BaseModel):
    """Values a tenant (HQ) or a store sets; a field left out (None) is inherited."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: The store's local day for C04 numbers, F05 and S04 statements, deadlines and PDF times.
    timezone: Timezone | None = None
    #: F02: the first installment's share of the contract total.
    first_installment_ratio: Ratio | None = None
    #: F03: days the customer has from the mid-term settlement's signing to pay.
    midterm_payment_due_days: Days | None = None
    #: F04: days from the completion acceptance's signing to the final payment.
    final_payment_due_days: Days | None = None
    #: A05: the repair-cost approval tiers and the audit line.
    repair_approval_tiers: RepairApprovalTiers | None = None
    #: A01: who pays a class B repair: the company bears it (the seed's rule) or the customer is charged.
    b_repair_charged_to: BRepairPolicy | None = None


#: The platform defaults: today's constants (DEFAULT_TIMEZONE, finance's 60 % and 3 days, A05's
#: 1,000 / 10,000 / 20,000 yuan, B repairs borne by the company).
PLATFORM_DEFAULTS = SettingValues.model_validate({
    "timezone": DEFAULT_TIMEZONE,
    "first_installment_ratio": "0.60",
    "midterm_payment_due_days": 3,
    "final_payment_due_days": 3,
    "repair_approval_tiers": {"aftercare_manager_up_to": "1000.00", "deputies_up_to": "10000.00",
                              "audit_above": "20000.00"},
    "b_repair_charged_to": "company",
})

#: Every setting's name.
SETTING_NAMES: tuple[str, ...] = tuple(SettingValues.model_fields)

#: What a setting declares: may a store override it at all (where the tenant allows it)?
#: Money rules that the whole company signs off (A05's approval lines) stay the HQ's.
STORE_OVERRIDABLE: Mapping[str, bool] = {
    "timezone": True,
    "first_installment_ratio": True,
    "midterm_payment_due_days": True,
    "final_payment_due_days": True,
    "repair_approval_tiers": False,
    "b_repair_charged_to": True,
}

#: Which settings stores may override when the tenant has said nothing: the time zone only
#: (every store has its own, which the directory records with the store).
DEFAULT_STORE_OVERRIDABLE: tuple[str, ...] = ("timezone",)


def _overridable_names(value: list[str]) -> list[str]:
    unknown = sorted(set(value) - set(SETTING_NAMES))
    if unknown:
        raise ValueError(f"unknown settings {unknown}")
    fixed = sorted(name for name in value if not STORE_OVERRIDABLE[name])
    if fixed:
        raise ValueError(f"{', '.join(fixed)} is the HQ's alone; a store cannot override it")
    if len(set(value)) != len(value):
        raise ValueError("a setting is named twice")
    return sorted(value)


OverridableNames = Annotated[list[str], Field(max_length=len(SETTING_NAMES)), AfterValidator(_overridable_names)]
CompanyName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


class HqSettings(BaseModel):
    """The tenant's own level: the company profile, the HQ defaults and what stores may override."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: The company as every form's header prints it (empty: the tenant's registered name).
    company_name: CompanyName = ""
    defaults: SettingValues = SettingValues()
    store_overridable: OverridableNames = Field(default_factory=lambda: list(DEFAULT_STORE_OVERRIDABLE))


class StoreSettings(BaseModel):
    """One store in a snapshot: its name (printed in form headers) and its overrides."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = ""
    overrides: SettingValues = SettingValues()


class SettingsSnapshot(BaseModel):
    """Everything a service needs of one tenant's settings, at one version (higher is newer)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tenant_id: str
    version: int = Field(ge=0)
    company_name: str = ""
    hq: HqSettings = HqSettings()
    stores: dict[str, StoreSettings] = {}


Source = Literal["store", "hq", "platform"]


@dataclass(frozen=True)
class EffectiveSettings:
    """The values one store (or the HQ, for ``store=None``) uses, and where each came from."""

    store: str | None
    company_name: str
    store_name: str
    values: SettingValues
    sources: Mapping[str, Source]

    @property
    def timezone(self) -> str:
        """The IANA zone of the store's local day."""
        return self.values.timezone or DEFAULT_TIMEZONE

    @property
    def first_installment_ratio(self) -> Decimal:
        """F02: the first installment's share."""
        assert self.values.first_installment_ratio is not None
        return self.values.first_installment_ratio

    @property
    def midterm_payment_due_days(self) -> int:
        """F03: days to pay the mid-term installment."""
        assert self.values.midterm_payment_due_days is not None
        return self.values.midterm_payment_due_days

    @property
    def final_payment_due_days(self) -> int:
        """F04: days to pay the final installment."""
        assert self.values.final_payment_due_days is not None
        return self.values.final_payment_due_days

    @property
    def repair_approval_tiers(self) -> RepairApprovalTiers:
        """A05: the approval tiers and the audit line."""
        assert self.values.repair_approval_tiers is not None
        return self.values.repair_approval_tiers

    @property
    def b_repair_charged_to(self) -> BRepairPolicy:
        """A01: who pays a class B repair."""
        assert self.values.b_repair_charged_to is not None
        return self.values.b_repair_charged_to

    def today(self, now: datetime | None = None) -> date:
        """The store's local calendar date at ``now`` (the platform clock's now by default)."""
        return local_today(self.timezone, now=now)

    def source(self, name: str) -> Source:
        """Where setting ``name`` came from: the store's override, the HQ default or the platform's."""
        return self.sources[name]


def resolve(snapshot: SettingsSnapshot | None, store: str | None = None) -> EffectiveSettings:
    """The settings ``store`` uses: its override where the tenant allows it, else the HQ's, else the platform's.

    An override the tenant no longer allows (it was allowed when set) is ignored, not an error:
    the tenant's later choice wins. Without a snapshot every value is the platform default.
    """
    hq = snapshot.hq if snapshot else HqSettings()
    own = snapshot.stores.get(store) if snapshot and store else None
    allowed = set(hq.store_overridable)
    values: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    for name in SETTING_NAMES:
        override = getattr(own.overrides, name) if own else None
        default = getattr(hq.defaults, name)
        if override is not None and name in allowed:
            values[name], sources[name] = override, "store"
        elif default is not None:
            values[name], sources[name] = default, "hq"
        else:
            values[name], sources[name] = getattr(PLATFORM_DEFAULTS, name), "platform"
    # The HQ's printed name wins; else the tenant's registered name; the tenant id is never shown.
    company = (hq.company_name or snapshot.company_name) if snapshot else ""
    return EffectiveSettings(store=store, company_name=company, store_name=own.name if own else "",
                             values=SettingValues.model_construct(**values), sources=sources)


def company_name(effective: EffectiveSettings, tenant_id: str) -> str:
    """The company a form's header prints: the settings' name, the tenant id only before any push."""
    return effective.company_name or tenant_id


def store_title(effective: EffectiveSettings, fallback: str) -> str:
    """The store a form's header prints: the store's name with its letter, ``fallback`` before any push."""
    if effective.store_name and effective.store:
        return f"{effective.store_name}（{effective.store}）"
    return fallback


def check_overrides(hq: HqSettings, overrides: SettingValues) -> list[str]:
    """The names of the settings in ``overrides`` that the tenant does not let stores override."""
    allowed = set(hq.store_overridable)
    return sorted(name for name in SETTING_NAMES if getattr(overrides, name) is not None and name not in allowed)


def settings_json(values: BaseModel) -> dict[str, Any]:
    """A settings model as JSON (ratios and money as strings, as the API carries them)."""
    return values.model_dump(mode="json")


# --- a service's copy of the snapshot -------------------------------------------------------------


def add_tenant_settings(metadata: MetaData) -> Table:
    """Declare the ``tenant_settings`` table (the newest snapshot per tenant) on a service's metadata."""
    return Table(
        "tenant_settings", metadata,
        Column("tenant_id", String(64), primary_key=True),
        Column("version", Integer, nullable=False),
        Column("snapshot", JSON, nullable=False),
        Column("received_at", UtcDateTime, nullable=False),
    )


def create_tenant_settings_table(op: Any) -> None:
    """In a service's migration: create ``tenant_settings`` with row-level security on PostgreSQL."""
    import sqlalchemy as sa

    from shared.persistence.rls import enable_row_level_security

    op.create_table(
        "tenant_settings",
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id"),
    )
    enable_row_level_security(op, ["tenant_settings"])


def drop_tenant_settings_table(op: Any) -> None:
    """Downgrade of :func:`create_tenant_settings_table`."""
    from shared.persistence.rls import disable_row_level_security

    disable_row_level_security(op, ["tenant_settings"])
    op.drop_table("tenant_settings")


def keep_snapshot(session: Session, table: Table, snapshot: SettingsSnapshot) -> bool:
    """Store ``snapshot`` unless a newer or equal version is already kept; True when it was stored.

    Idempotent and order-proof: a replayed or late push of an older version changes nothing.
    """
    row = session.execute(select(table.c.version).where(table.c.tenant_id == snapshot.tenant_id)
                          .with_for_update()).first()
    if row is not None and row.version >= snapshot.version:
        return False
    values = {"tenant_id": snapshot.tenant_id, "version": snapshot.version,
              "snapshot": snapshot.model_dump(mode="json"), "received_at": utcnow()}
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(table).values(**values)
    session.execute(statement.on_conflict_do_update(
        index_elements=["tenant_id"], set_={k: statement.excluded[k] for k in ("version", "snapshot", "received_at")}))
    return True


class TenantSettingsRepository:
    """A unit of work's view of its tenant's settings: the kept snapshot, resolved per store.

    The snapshot is read once per unit of work; a unit of work is one transaction, so every rule
    in it sees the same settings.
    """

    def __init__(self, session: Session, table: Table, tenant_id: str) -> None:
        self.session, self.table, self.tenant_id = session, table, tenant_id
        self._snapshot: SettingsSnapshot | None = None
        self._read = False

    def snapshot(self) -> SettingsSnapshot | None:
        """The newest snapshot pushed for the tenant, or None before the first push."""
        if not self._read:
            data = self.session.execute(select(self.table.c.snapshot).where(
                self.table.c.tenant_id == self.tenant_id)).scalar_one_or_none()
            self._snapshot = SettingsSnapshot.model_validate(data) if data is not None else None
            self._read = True
        return self._snapshot

    def effective(self, store: str | None = None) -> EffectiveSettings:
        """What ``store`` (the HQ for None) uses now."""
        return resolve(self.snapshot(), store)


class ApplyTenantSettings(BaseModel):
    """The tenant's full settings snapshot, pushed by the gateway's directory."""

    model_config = ConfigDict(extra="forbid")

    snapshot: SettingsSnapshot


class SettingsApplied(BaseModel):
    """Whether this push was newer than the kept one, and the version now kept."""

    applied: bool
    version: int


def tenant_settings_operation(table: Table, settings_of: Callable[[Any], TenantSettingsRepository] | None = None
                              ) -> Operation:
    """The ``apply_tenant_settings`` operation of a service keeping its snapshots in ``table``."""

    def apply_tenant_settings(cmd: ApplyTenantSettings, *, uow: Callable[..., Any],
                              principal: Principal) -> SettingsApplied:
        """Keep the tenant's settings snapshot if it is newer than the one kept (idempotent)."""
        if not principal.roles & APPLY_ROLES:
            raise Forbidden("only the platform's directory pushes tenant settings")
        if cmd.snapshot.tenant_id != principal.tenant_id:
            raise Forbidden("a snapshot belongs to the caller's tenant")  # never cross tenants (P01)
        with uow() as u:
            applied = keep_snapshot(u.session, table, cmd.snapshot)
            version = u.session.execute(select(table.c.version).where(
                table.c.tenant_id == principal.tenant_id)).scalar_one()
            u.commit()
        return SettingsApplied(applied=applied, version=version)

    return Operation(apply_tenant_settings, ApplyTenantSettings, SettingsApplied)
