"""Simple estimates at reception (流程02–03): rule S02."""

from __future__ import annotations

import pytest

from services.sales.commands import GiveEstimate
from shared.errors import Forbidden, InvalidInput, RuleViolation
from shared.validation import parse

from .conftest import Studio, staff

ITEMS = [{"name": "墙面乳胶漆", "amount": "3840.00"}, {"name": "卫生间防水", "amount": "1056.50"}]


def test_S02_phone_consultation_cannot_get_whole_house_estimate(studio: Studio) -> None:
    lead = studio.lead(consultation_channel="phone")
    with pytest.raises(RuleViolation) as err:
        studio.call("give_estimate", staff("designer"), lead_id=lead["id"], scope="whole_house", items=ITEMS)
    assert (err.value.rule, err.value.field) == ("S02", "scope")
    assert studio.events("estimate_given") == []


def test_S02_phone_consultation_gets_an_itemised_simple_estimate(studio: Studio) -> None:
    lead = studio.lead(consultation_channel="phone")
    estimate = studio.call("give_estimate", staff("designer"), lead_id=lead["id"], scope="itemised", items=ITEMS)
    assert (estimate["scope"], estimate["total"]) == ("itemised", "4896.50")
    assert estimate["items"][1] == {"name": "卫生间防水", "amount": "1056.50"}


def test_S02_walk_in_may_get_a_whole_house_estimate(studio: Studio) -> None:
    lead = studio.lead(consultation_channel="walk_in")
    estimate = studio.call("give_estimate", staff("designer"), lead_id=lead["id"], scope="whole_house",
                           items=[{"name": "全屋", "amount": "128000"}])
    assert estimate["total"] == "128000.00"


def test_estimate_amounts_are_exact_decimal_strings() -> None:
    with pytest.raises(InvalidInput) as err:
        parse(GiveEstimate, {"scope": "itemised", "items": [{"name": "x", "amount": 12.5}]})
    assert err.value.field == "items.0.amount"


def test_only_designers_give_estimates(studio: Studio) -> None:
    lead = studio.lead()
    with pytest.raises(Forbidden):
        studio.call("give_estimate", staff("marketing"), lead_id=lead["id"], scope="itemised", items=ITEMS)
