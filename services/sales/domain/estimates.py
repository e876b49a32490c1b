"""Simple estimates at reception (简单估算, 宜简不宜繁), rule S02."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from shared.errors import RuleViolation

SCOPES = {"itemised": "分项简单估算", "whole_house": "总量估价"}


def check_scope(consultation_channel: str, scope: str) -> None:
    """S02: 电话咨询时不要做总量估价 — a phone consultation never gets a whole-house total."""
    if consultation_channel == "phone" and scope == "whole_house":
        raise RuleViolation(
            "a phone consultation must not produce a whole-house estimate (电话咨询时不要做总量估价); "
            "give an itemised simple estimate instead",
            rule="S02", field="scope",
        )


def total(amounts: Iterable[Decimal]) -> Decimal:
    """The estimate's total, in cents."""
    return sum(amounts, Decimal("0.00")).quantize(Decimal("0.01"))
