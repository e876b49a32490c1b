"""Money is exact: Decimal yuan with two places, strings on the wire (rule F07)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from shared.errors import InvalidInput

CENT = Decimal("0.01")


def parse_money(value: object, *, field: str, allow_zero: bool = False) -> Decimal:
    """Parse a money amount; floats are refused so nothing is silently rounded."""
    if isinstance(value, float | bool):
        raise InvalidInput("money must be a decimal string such as \"12800.00\"", rule="F07", field=field)
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput(f"not a money amount: {value!r}", rule="F07", field=field) from None
    if not amount.is_finite() or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise InvalidInput("money has at most two decimal places", rule="F07", field=field)
    if amount < 0 or (amount == 0 and not allow_zero):
        raise InvalidInput("money must be positive", rule="F07", field=field)
    return amount.quantize(CENT)


def quantize(amount: Decimal) -> Decimal:
    """Round a computed amount to cents, half up as Chinese invoices do."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def money_str(amount: Decimal) -> str:
    """The wire form: a string with exactly two decimals."""
    return f"{quantize(amount):.2f}"
