"""Money is exact: Decimal yuan with two places, strings on the wire (rule F07).

The wire form is ``^\\d{1,12}(\\.\\d{1,2})?$`` with ASCII digits (a leading ``-`` only where a
field allows negatives): no exponents, no full-width digits, no underscores, no surrounding
whitespace, no JSON numbers. Anything else is refused as :class:`InvalidInput` with rule F07,
never coerced, so what the customer signed is what is stored.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from shared.errors import InvalidInput

CENT = Decimal("0.01")

#: The money grammar. ``[0-9]``, not ``\\d``: Python's ``\\d`` also matches full-width digits.
MONEY_PATTERN = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
SIGNED_MONEY_PATTERN = r"^-?[0-9]{1,12}(\.[0-9]{1,2})?$"
_MONEY = re.compile(MONEY_PATTERN[1:-1])
_SIGNED_MONEY = re.compile(SIGNED_MONEY_PATTERN[1:-1])

#: The schema extension listing values a field refuses (400): documentation for clients, and
#: the explicit examples the API fuzz run (tests/security/test_openapi_fuzz.py) sends.
REFUSED_EXAMPLES_KEY = "x-refused-examples"

#: Amounts that are refused (400 F07), published in the schema so the API fuzz run sends them.
REFUSED_MONEY_EXAMPLES = ("1e28", "1e400", "1" * 27, "１００.００", "1E+2", "1_000.00", " 100.00 ",
                          "NaN", "Infinity", "100.001", "-0.00")


def _shown(value: object) -> str:
    # Echo enough of a bad value to recognise it, never a megabyte of it.
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def parse_money(value: object, *, field: str, allow_zero: bool = False, signed: bool = False) -> Decimal:
    """Parse a money amount of the API into a Decimal with two places; anything else is F07.

    Only strings of the money grammar are accepted (``signed`` allows a leading ``-``); a JSON
    number is refused even when it is an integer, so no client can come to rely on a number
    that another client would send as a float. Zero is refused unless ``allow_zero``; "-0.00"
    (only with ``signed``) is zero.
    """
    if not isinstance(value, str):
        raise InvalidInput('money must be a decimal string such as "12800.00", not a number',
                           rule="F07", field=field)
    if not (_SIGNED_MONEY if signed else _MONEY).fullmatch(value):
        raise InvalidInput(f"not a money amount: {_shown(value)} (up to 12 digits and 2 decimals, "
                           'e.g. "12800.00")', rule="F07", field=field)
    # At most 14 digits, so this is exact within the default context (28 digits).
    amount = Decimal(value).quantize(CENT)
    if amount == 0 and not allow_zero:
        raise InvalidInput("money must be more than zero", rule="F07", field=field)
    return amount


def _validator(*, allow_zero: bool, signed: bool) -> Any:
    def validate(value: object, info: ValidationInfo) -> Decimal:
        try:
            return parse_money(value, field=info.field_name or "amount", allow_zero=allow_zero, signed=signed)
        except InvalidInput as exc:
            # A pydantic error (not the InvalidInput itself) so the error names the whole path,
            # e.g. ``special_items.0.unit_price``; shared.validation.parse puts the rule back.
            raise PydanticCustomError("money", exc.detail, {"rule": "F07"}) from None
    return validate


def _schema(pattern: str) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "pattern": pattern, "examples": ["12800.00"],
                           "description": "yuan as a decimal string with at most 2 decimals (F07)",
                           REFUSED_EXAMPLES_KEY: [*REFUSED_MONEY_EXAMPLES, 100, 12.5]})


#: A positive amount of money in a command (F07).
Money = Annotated[Decimal, BeforeValidator(_validator(allow_zero=False, signed=False)), _schema(MONEY_PATTERN)]
#: Zero or more.
MoneyOrZero = Annotated[Decimal, BeforeValidator(_validator(allow_zero=True, signed=False)), _schema(MONEY_PATTERN)]
#: Where a field allows negatives (corrections, refunds): a leading ``-`` is accepted.
SignedMoney = Annotated[Decimal, BeforeValidator(_validator(allow_zero=True, signed=True)),
                        _schema(SIGNED_MONEY_PATTERN)]


def quantize(amount: Decimal) -> Decimal:
    """Round a computed amount to cents, half up as Chinese invoices do."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def money_str(amount: Decimal) -> str:
    """The wire form: a string with exactly two decimals."""
    return f"{quantize(amount):.2f}"
