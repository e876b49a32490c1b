"""F07: the money parser takes exactly ``^\\d{1,12}(\\.\\d{1,2})?$`` and refuses everything else."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from shared.errors import InvalidInput
from shared.money import CENT, REFUSED_MONEY_EXAMPLES, parse_money

GRAMMAR = re.compile(r"[0-9]{1,12}(\.[0-9]{1,2})?")
SIGNED = re.compile(r"-?[0-9]{1,12}(\.[0-9]{1,2})?")

valid = st.from_regex(r"\A[0-9]{1,12}(\.[0-9]{1,2})?\Z")
# Strings near the grammar (exponents, separators, other digits, padding) and strings at large.
near_misses = st.one_of(
    st.builds(lambda a, b: a + b, valid, st.sampled_from(["e2", "E+2", "e400", "_0", ".", ".000", " ", "\n", "\t"])),
    st.builds(lambda a, b: a + b, st.sampled_from([" ", "+", "-", "\u3000", "０", "_", "\n"]), valid),
    st.from_regex(r"\A[0-9]{13,40}(\.[0-9]{0,5})?\Z"),
    st.from_regex(r"\A[0-9０-９٠-٩.,_eE+\- ]{1,20}\Z"),
    st.text(max_size=40),
)
not_strings = st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.decimals(),
                        st.booleans(), st.none(), st.lists(st.integers(), max_size=3),
                        st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


@given(valid)
@example("0.00")
@example("999999999999.99")
def test_F07_every_string_of_the_grammar_parses_to_the_same_amount_with_two_places(text: str) -> None:
    amount = parse_money(text, field="amount", allow_zero=True)
    assert amount == Decimal(text) and amount.as_tuple().exponent == -2
    assert amount == amount.quantize(CENT)


@given(near_misses)
@example("1e28")
@example("1e400")
@example("1" * 27)
@example("１００.００")
@example("1E+2")
@example("1_000.00")
@example(" 100.00 ")
@example("100.00\n")
@example("NaN")
@example("-Infinity")
def test_F07_every_other_string_is_refused_with_F07(text: str) -> None:
    if GRAMMAR.fullmatch(text):
        return
    with pytest.raises(InvalidInput) as err:
        parse_money(text, field="amount", allow_zero=True)
    assert (err.value.rule, err.value.field) == ("F07", "amount")
    assert len(err.value.detail) < 200  # a huge input is not echoed back


@given(not_strings)
@example(100)
@example(10**27)
@example(float("inf"))
def test_F07_json_numbers_and_other_values_are_refused_with_F07(value: object) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_money(value, field="amount")
    assert err.value.rule == "F07"


@given(st.one_of(st.from_regex(r"\A-?[0-9]{1,12}(\.[0-9]{1,2})?\Z"), near_misses))
def test_F07_signed_money_takes_a_leading_minus_only(text: str) -> None:
    if SIGNED.fullmatch(text):
        assert parse_money(text, field="correction", allow_zero=True, signed=True) == Decimal(text)
        return
    with pytest.raises(InvalidInput) as err:
        parse_money(text, field="correction", allow_zero=True, signed=True)
    assert err.value.rule == "F07"


def test_F07_zero_is_refused_unless_allowed_and_the_published_refusals_are_refused() -> None:
    with pytest.raises(InvalidInput):
        parse_money("0.00", field="amount")
    for text in REFUSED_MONEY_EXAMPLES:
        with pytest.raises(InvalidInput):
            parse_money(text, field="amount")
