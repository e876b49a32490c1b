"""Rule C04: contract numbers (档案号) per store and local day, gapless, never wrapping."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

import pytest

from services.contracts.domain.numbering import ContractNumber
from shared.clock import local_today
from shared.errors import RuleViolation

from .conftest import SIGNATURE, Studio, staff

SIGN = {"customer_signature": SIGNATURE, "cost_notice_acknowledged": True}


def test_C04_number_is_store_year_month_day_sequence() -> None:
    assert str(ContractNumber("A", date(2025, 11, 22), 1)) == "A25112201"
    assert str(ContractNumber("B", date(2026, 1, 5), 12)) == "B26010512"


def test_C04_hundredth_contract_of_a_day_is_a_clear_error() -> None:
    assert str(ContractNumber("A", date(2025, 11, 22), 99)).endswith("99")
    with pytest.raises(RuleViolation) as err:
        ContractNumber("A", date(2025, 11, 22), 100)
    assert err.value.rule == "C04"


def test_C04_today_is_the_store_local_day() -> None:
    late_evening_utc = datetime(2025, 11, 22, 16, 30, tzinfo=UTC)  # 00:30 on the 23rd in Shanghai
    assert local_today("Asia/Shanghai", now=late_evening_utc) == date(2025, 11, 23)
    assert local_today("Europe/London", now=late_evening_utc) == date(2025, 11, 22)


def test_C04_second_contract_of_the_day_gets_02(studio: Studio) -> None:
    designer = staff("designer")
    first = studio.call("sign_contract", designer, contract_id=studio.contract()["id"], **SIGN)
    second = studio.call("sign_contract", designer, contract_id=studio.contract()["id"], **SIGN)
    assert first["number"][-2:] == "01" and second["number"][-2:] == "02"
    assert first["number"][:-2] == second["number"][:-2]
    assert first["number"].startswith("A")


def test_C04_each_store_and_tenant_counts_on_its_own(studio: Studio) -> None:
    a = studio.call("sign_contract", staff("designer", "A"), contract_id=studio.contract(store="A")["id"], **SIGN)
    b = studio.call("sign_contract", staff("designer", "B"), contract_id=studio.contract(store="B")["id"], **SIGN)
    other = studio.call("sign_contract", staff("designer", "A", "other"),
                        contract_id=studio.contract(tenant="other")["id"], **SIGN)
    assert a["number"].startswith("A") and a["number"].endswith("01")
    assert b["number"].startswith("B") and b["number"].endswith("01")
    assert other["number"].endswith("01")


def test_C04_thirty_concurrent_signings_get_consecutive_numbers(studio: Studio) -> None:
    designer = staff("designer")
    ids = [studio.contract()["id"] for _ in range(30)]
    with ThreadPoolExecutor(max_workers=10) as pool:
        numbers = list(pool.map(
            lambda cid: studio.call("sign_contract", designer, contract_id=cid, **SIGN)["number"], ids))
    sequences = sorted(int(n[-2:]) for n in numbers)
    assert sequences == list(range(1, 31))
