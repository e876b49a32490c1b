"""What every benchmark shares: targets, the figures measured against them, and their report.

No platform is started here, so the arithmetic is tested fast (tests/unit/test_bench.py).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MODES = ("embedded", "distributed")


@dataclass(frozen=True)
class Target:
    """A figure's goal: at least (``>=``) or at most (``<=``) ``limit`` (in ``unit``)."""

    limit: float
    unit: str
    at_least: bool = True

    def met(self, value: float) -> bool:
        """True if ``value`` meets the target (a NaN never does)."""
        if math.isnan(value):
            return False
        return value >= self.limit if self.at_least else value <= self.limit

    def score(self, value: float) -> float:
        """How far ``value`` is from the target as a ratio, 1.0 exactly on it and above 1 when met.

        At least: ``value / limit``; at most: ``limit / value`` (so 2.0 is "twice as good" both ways).
        """
        if math.isnan(value):
            return math.nan
        if self.limit == 0:  # "none at all" (duplicates): met or not, nothing in between
            return 1.0 if self.met(value) else 0.0
        if self.at_least:
            return value / self.limit
        return math.inf if value <= 0 else self.limit / value

    def describe(self) -> str:
        return f"{'≥' if self.at_least else '≤'} {self.limit:g}{self.unit}"


@dataclass(frozen=True)
class Figure:
    """One measured figure of one benchmark in one mode, with the floor measured beside it."""

    benchmark: str
    mode: str
    label: str
    value: float
    unit: str
    target: Target | None = None
    floor: float | None = None
    floor_label: str = ""
    note: str = ""

    @property
    def passed(self) -> bool | None:
        """PASS/MISS, or None for a figure with no target (shown for information)."""
        return None if self.target is None else self.target.met(self.value)

    def line(self) -> str:
        """The figure as one report line: value, floor, target, ratio to target, PASS/MISS."""
        text = f"{self.mode:<11} {self.benchmark:<7} {self.label:<34} {_num(self.value)}{self.unit}"
        if self.floor is not None:
            text += f"   floor {_num(self.floor)}{self.unit} ({self.floor_label})"
        if self.target is not None:
            verdict = "PASS" if self.passed else "MISS"
            text += f"   target {self.target.describe()}: {self.target.score(self.value):.2f}× {verdict}"
        if self.note:
            text += f"   [{self.note}]"
        return text


def ratio(value: float, floor: float) -> float:
    """``value / floor``; NaN when the floor is zero or missing (nothing to compare with)."""
    if not floor or math.isnan(floor):
        return math.nan
    return value / floor


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) by the nearest-rank method; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = math.ceil(q * len(ordered))
    return ordered[max(0, min(len(ordered) - 1, rank - 1))]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def gaps_and_duplicates(numbers: Iterable[str]) -> tuple[int, int]:
    """Contract numbers (C04: store letter, ``YYMMDD``, a two-digit counter) → (gaps, duplicates).

    Counted per prefix (store and day): the counters must be 1, 2, … n exactly once each.
    """
    by_prefix: dict[str, list[int]] = {}
    for number in numbers:
        by_prefix.setdefault(number[:-2], []).append(int(number[-2:]))
    gaps = duplicates = 0
    for counters in by_prefix.values():
        duplicates += len(counters) - len(set(counters))
        gaps += len(set(range(1, max(counters) + 1)) - set(counters))
    return gaps, duplicates


def report(figures: Iterable[Figure]) -> list[str]:
    """The report's lines, then a closing line counting PASS and MISS."""
    figures = list(figures)
    lines = [f.line() for f in figures]
    judged = [f for f in figures if f.passed is not None]
    passed = sum(1 for f in judged if f.passed)
    lines.append(f"targets: {passed} PASS, {len(judged) - passed} MISS")
    return lines


def _num(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.0f}"
