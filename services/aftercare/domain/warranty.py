"""The warranty card (保修卡, A01) and its quarterly callbacks (A03).

Coverage runs from the completion acceptance: 2 years in general, 5 years for the waterproofing of
kitchens, bathrooms and exterior walls (住宅室内装饰装修管理办法). The card is issued once the
acceptance passed and the final payment is in (confirmed, F01).
"""

from __future__ import annotations

from datetime import date

GENERAL, WATERPROOFING = "general", "waterproofing"
COVERAGE_YEARS = {GENERAL: 2, WATERPROOFING: 5}
SCOPES = tuple(COVERAGE_YEARS)
#: A03: a callback every quarter during the (general) warranty.
CALLBACK_EVERY_MONTHS = 3


def anniversary(start: date, years: int) -> date:
    """``start`` plus whole years; 29 February falls on 28 February in a common year."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def add_months(start: date, months: int) -> date:
    """``start`` plus whole months, on the same day or the month's last when shorter."""
    month0 = start.month - 1 + months
    year, month = start.year + month0 // 12, month0 % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def coverage(starts_on: date, waterproofing: bool) -> dict[str, date]:
    """A01: each covered scope and the day its coverage ends."""
    ends = {GENERAL: anniversary(starts_on, COVERAGE_YEARS[GENERAL])}
    if waterproofing:
        ends[WATERPROOFING] = anniversary(starts_on, COVERAGE_YEARS[WATERPROOFING])
    return ends


def callback_days(starts_on: date, ends_on: date) -> list[date]:
    """A03: the quarterly callbacks from the start of the warranty until its (general) end."""
    days, n = [], 1
    while (day := add_months(starts_on, n * CALLBACK_EVERY_MONTHS)) <= ends_on:
        days.append(day)
        n += 1
    return days


def in_warranty(ends: dict[str, date], scope: str, on: date) -> bool:
    """A01: a repair of ``scope`` on day ``on`` is class A while that scope's coverage runs."""
    end = ends.get(scope) or ends.get(GENERAL)
    return end is not None and on <= end
