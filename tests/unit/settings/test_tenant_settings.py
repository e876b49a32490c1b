"""The platform kit's tenant settings: vocabulary, validation, resolution and a service's kept snapshot."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError
from sqlalchemy import MetaData, create_engine
from sqlalchemy.orm import Session

from services.aftercare.domain import repairs
from services.finance.domain import plan
from shared.clock import DEFAULT_TIMEZONE
from shared.tenant_settings import (
    PLATFORM_DEFAULTS,
    HqSettings,
    SettingsSnapshot,
    SettingValues,
    StoreSettings,
    TenantSettingsRepository,
    add_tenant_settings,
    check_overrides,
    keep_snapshot,
    resolve,
)


def values(**data: object) -> SettingValues:
    return SettingValues.model_validate(data)


def snap(version: int = 1, *, hq: dict[str, object] | None = None, a: dict[str, object] | None = None
         ) -> SettingsSnapshot:
    return SettingsSnapshot(tenant_id="t", version=version, company_name="顶好装饰",
                            hq=HqSettings.model_validate(hq or {}),
                            stores={"A": StoreSettings(name="望京店", overrides=values(**(a or {})))})


def test_P06_platform_defaults_are_todays_constants() -> None:
    assert PLATFORM_DEFAULTS.timezone == DEFAULT_TIMEZONE
    assert PLATFORM_DEFAULTS.first_installment_ratio == plan.DEFAULT_FIRST_INSTALLMENT_RATIO
    assert PLATFORM_DEFAULTS.midterm_payment_due_days == plan.MIDTERM_DUE_DAYS
    assert PLATFORM_DEFAULTS.final_payment_due_days == plan.FINAL_DUE_DAYS
    tiers = PLATFORM_DEFAULTS.repair_approval_tiers
    assert tiers is not None
    assert (tiers.aftercare_manager_up_to, tiers.deputies_up_to, tiers.audit_above) == (
        repairs.TIER_1, repairs.TIER_2, repairs.AUDIT_ABOVE)
    assert PLATFORM_DEFAULTS.b_repair_charged_to == repairs.B_REPAIR_CHARGED_TO == "company"


def test_P06_nothing_set_resolves_to_the_platform_defaults() -> None:
    for effective in (resolve(None, "A"), resolve(snap(), "A"), resolve(snap(), None)):
        assert effective.values == PLATFORM_DEFAULTS
        assert set(effective.sources.values()) == {"platform"}
    assert resolve(snap(), "A").company_name == "顶好装饰" and resolve(None).company_name == ""


def test_P06_store_override_then_hq_default_then_platform() -> None:
    s = snap(hq={"defaults": {"first_installment_ratio": "0.5", "b_repair_charged_to": "customer"},
                 "store_overridable": ["timezone", "first_installment_ratio"]},
             a={"timezone": "Asia/Urumqi", "first_installment_ratio": "0.7"})
    a = resolve(s, "A")
    assert (a.timezone, a.first_installment_ratio, a.b_repair_charged_to) == ("Asia/Urumqi", Decimal("0.7"), "customer")
    assert (a.source("timezone"), a.source("first_installment_ratio"), a.source("b_repair_charged_to"),
            a.source("final_payment_due_days")) == ("store", "store", "hq", "platform")
    hq = resolve(s, None)
    assert (hq.timezone, hq.first_installment_ratio) == (DEFAULT_TIMEZONE, Decimal("0.5"))
    assert resolve(s, "Z").first_installment_ratio == Decimal("0.5")  # an unknown store gets the HQ's


def test_P06_an_override_the_tenant_no_longer_allows_is_ignored() -> None:
    s = snap(hq={"defaults": {"first_installment_ratio": "0.5"}, "store_overridable": []},
             a={"first_installment_ratio": "0.7", "timezone": "Asia/Urumqi"})
    a = resolve(s, "A")
    assert (a.first_installment_ratio, a.timezone) == (Decimal("0.5"), DEFAULT_TIMEZONE)
    assert check_overrides(s.hq, values(first_installment_ratio="0.7")) == ["first_installment_ratio"]


@pytest.mark.parametrize(("data", "field"), [
    ({"first_installment_ratio": "1"}, "first_installment_ratio"),
    ({"first_installment_ratio": "0"}, "first_installment_ratio"),
    ({"first_installment_ratio": 0.5}, "first_installment_ratio"),
    ({"first_installment_ratio": "0.12345"}, "first_installment_ratio"),
    ({"first_installment_ratio": "NaN"}, "first_installment_ratio"),
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"timezone": "../../etc/passwd"}, "timezone"),
    ({"midterm_payment_due_days": 0}, "midterm_payment_due_days"),
    ({"final_payment_due_days": 10_000}, "final_payment_due_days"),
    ({"b_repair_charged_to": "crew"}, "b_repair_charged_to"),
    ({"repair_approval_tiers": {"aftercare_manager_up_to": "5000.00", "deputies_up_to": "1000.00",
                                "audit_above": "20000.00"}}, "repair_approval_tiers"),
    ({"repair_approval_tiers": {"aftercare_manager_up_to": "1000.00", "deputies_up_to": "10000.00",
                                "audit_above": "9000.00"}}, "repair_approval_tiers"),
    ({"repair_approval_tiers": {"aftercare_manager_up_to": 1000, "deputies_up_to": "10000.00",
                                "audit_above": "20000.00"}}, "repair_approval_tiers"),
    ({"colour": "blue"}, "colour"),
])
def test_P05_absurd_settings_are_refused_naming_the_field(data: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as err:
        SettingValues.model_validate(data)
    assert err.value.errors()[0]["loc"][0] == field


def test_P06_a_setting_that_is_the_hqs_alone_cannot_be_made_overridable() -> None:
    with pytest.raises(ValidationError) as err:
        HqSettings.model_validate({"store_overridable": ["repair_approval_tiers"]})
    assert "HQ's alone" in str(err.value)
    with pytest.raises(ValidationError):
        HqSettings.model_validate({"store_overridable": ["no_such_setting"]})


def test_P03_a_service_keeps_the_newest_snapshot_only() -> None:
    metadata = MetaData()
    table = add_tenant_settings(metadata)
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with Session(engine) as session:
        assert keep_snapshot(session, table, snap(2, hq={"defaults": {"first_installment_ratio": "0.5"}}))
        assert not keep_snapshot(session, table, snap(1, hq={"defaults": {"first_installment_ratio": "0.9"}}))
        assert not keep_snapshot(session, table, snap(2, hq={"defaults": {"first_installment_ratio": "0.9"}}))
        assert TenantSettingsRepository(session, table, "t").effective("A").first_installment_ratio == Decimal("0.5")
        assert keep_snapshot(session, table, snap(3, hq={"defaults": {"first_installment_ratio": "0.4"}}))
        assert TenantSettingsRepository(session, table, "t").effective("A").first_installment_ratio == Decimal("0.4")
        # P01: another tenant has no snapshot and reads the platform defaults.
        assert TenantSettingsRepository(session, table, "other").effective("A").values == PLATFORM_DEFAULTS
