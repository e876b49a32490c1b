"""P05 and F07 in the platform kit's strict field types: no lenient reading, never a crash."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from services.contracts.commands import CreateQuote
from services.sales.commands import RecordMeasurement, RequestMeasurement
from shared.errors import InvalidInput
from shared.validation import REFUSED_DATE_TIME_EXAMPLES, Command, date_time, exact_decimal, parse


class Visit(Command):
    at: date_time(not_before=timedelta(0), not_after=timedelta(days=366))  # type: ignore[valid-type]


class Measured(Command):
    length: exact_decimal(int_digits=4, places=3, gt=0, le=1000)  # type: ignore[valid-type]


def ahead(**delta: float) -> datetime:
    return datetime.now(UTC) + timedelta(**delta)


def test_P05_date_time_takes_iso_8601_within_the_fields_range() -> None:
    moment = ahead(days=3).replace(microsecond=0)
    assert parse(Visit, {"at": moment.isoformat()}).at == moment
    assert parse(Visit, {"at": moment.isoformat().replace("+00:00", "Z")}).at == moment
    # Without an offset: the store default's wall-clock time (Asia/Shanghai).
    local = (datetime.now(UTC) + timedelta(days=2)).astimezone(ZoneInfo("Asia/Shanghai")).replace(
        tzinfo=None, microsecond=0)
    parsed = parse(Visit, {"at": local.isoformat()}).at
    assert parsed.utcoffset() == timedelta(hours=8) and parsed.replace(tzinfo=None) == local


@pytest.mark.parametrize("value", [
    *REFUSED_DATE_TIME_EXAMPLES, 1764547200, 1764547200.5, True, None, [], {},
    "2026-13-01T10:00:00+08:00", "2026-12-01T10:00:00+25:00", "2026-12-01", "T10:00", "x" * 100_000,
])
def test_P05_date_time_refuses_everything_else_with_the_field(value: object) -> None:
    with pytest.raises(InvalidInput) as err:
        parse(Visit, {"at": value})
    assert (err.value.status, err.value.rule, err.value.field) == (400, "P05", "at")


def test_P05_measurement_visit_is_not_in_the_past_nor_over_a_year_ahead() -> None:
    for moment in (ahead(minutes=-1), ahead(days=400)):
        with pytest.raises(InvalidInput) as err:
            parse(RequestMeasurement, {"requested_for": moment.isoformat()})
        assert (err.value.rule, err.value.field) == ("P05", "requested_for")
    assert parse(RequestMeasurement, {"requested_for": ahead(hours=1).isoformat(), "lead_id": "lead-1"}).requested_for


@pytest.mark.parametrize("value", ["1e3", "1E+2", "1_0", "１０", " 5 ", "5\n", "NaN", "Infinity", "-1", "0",
                                   "1001", "5.0001", "1" * 27, 1.5, True, None, 10**27, "", "."])
def test_P05_exact_decimal_refuses_what_a_lenient_parser_would_reinterpret(value: object) -> None:
    with pytest.raises(InvalidInput) as err:
        parse(Measured, {"length": value})
    assert (err.value.rule, err.value.field) == ("P05", "length")


def test_P05_exact_decimal_takes_decimal_strings_and_whole_numbers() -> None:
    assert parse(Measured, {"length": "5.25"}).length == Decimal("5.25")
    assert parse(Measured, {"length": 4}).length == Decimal(4)
    assert parse(Measured, {"length": "1000"}).length == Decimal(1000)


def test_F07_P05_nested_errors_name_the_whole_path_and_the_fields_rule() -> None:
    with pytest.raises(InvalidInput) as err:
        parse(CreateQuote, {"lead_id": "l", "items": [{"catalogue_code": "P", "quantity": "1"}], "special_items": [
            {"name": "x", "unit": "个", "unit_price": "{amount}", "quantity": "1"}]})
    assert (err.value.rule, err.value.field) == ("F07", "special_items.0.unit_price")
    assert "{amount}" in err.value.detail
    with pytest.raises(InvalidInput) as err:
        parse(RecordMeasurement, {"rooms": [{"name": "r", "length_m": "1e3", "width_m": "1", "height_m": "1"}]})
    assert (err.value.rule, err.value.field) == ("P05", "rooms.0.length_m")


@pytest.mark.parametrize("body", [[], "x", None, 5])
def test_P05_a_body_that_is_not_an_object_is_400(body: object) -> None:
    with pytest.raises(InvalidInput) as err:
        parse(Measured, body)  # type: ignore[arg-type]
    assert err.value.rule == "P05"


@pytest.mark.parametrize(("body", "field"), [
    ({"length": "5\x00"}, "length"), ({"length": "\ud800"}, "length"), ({"\x00": 1}, None),
    ({"nested": [{"a": "ok"}, {"b": "x\x00"}]}, "nested.1.b"),
])
def test_P05_text_a_database_cannot_store_is_refused_with_its_field(body: dict[str, object],
                                                                    field: str | None) -> None:
    with pytest.raises(InvalidInput) as err:
        parse(Measured, body)
    assert (err.value.rule, err.value.field) == ("P05", field)


def test_P05_a_deeply_nested_body_is_refused_without_exhausting_the_stack() -> None:
    body: dict[str, object] = {"length": "5"}
    node = body
    for _ in range(5000):
        child: dict[str, object] = {}
        node["deeper"] = child
        node = child
    with pytest.raises(InvalidInput):
        parse(Measured, body)
