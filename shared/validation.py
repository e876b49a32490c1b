"""Turning request payloads into commands, with errors that name the field (rule P05).

Besides :class:`Command` and :func:`parse`, the strict field types every command uses for input
that a lenient parser would silently reinterpret: :func:`exact_decimal` (quantities, dimensions,
ratios) and :func:`date_time` (ISO 8601 only, within a range per field). Money is
:data:`shared.money.Money`. Their errors carry a rule id (F07 for money, P05 otherwise).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, WithJsonSchema
from pydantic_core import PydanticCustomError

from shared.clock import DEFAULT_TIMEZONE, utcnow
from shared.errors import InvalidInput
from shared.money import REFUSED_EXAMPLES_KEY

M = TypeVar("M", bound=BaseModel)

#: The rule of bad input that no more specific rule covers (domain.md P05).
INPUT_RULE = "P05"


class Command(BaseModel):
    """Base of a use case's input: unknown fields are refused, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def parse(model: type[M], data: object) -> M:
    """Validate ``data`` as ``model``; the first problem becomes a 400 naming its field and rule.

    The rule is the one a field type put in its error's context (F07 for money), else P05.
    """
    if not isinstance(data, dict):
        raise InvalidInput("the request body must be a JSON object", rule=INPUT_RULE)
    _refuse_unstorable_text(data)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or None
        rule = str((first.get("ctx") or {}).get("rule") or INPUT_RULE)
        raise InvalidInput(f"{field}: {first['msg']}" if field else first["msg"], rule=rule, field=field) from None


# NUL cannot be stored in PostgreSQL text and a lone surrogate cannot be encoded as UTF-8: either
# would surface as a 500 from the database or the JSON encoder instead of a 400 here.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _refuse_unstorable_text(data: dict[str, Any]) -> None:
    # Iterative, not recursive: a body nested a thousand deep must not exhaust the stack.
    stack: list[tuple[tuple[str, ...], object]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            bad = _UNSTORABLE.search(value) is not None
            children: list[tuple[tuple[str, ...], object]] = []
        elif isinstance(value, dict):
            bad = any(isinstance(k, str) and _UNSTORABLE.search(k) for k in value)
            children = [((*path, str(k)), v) for k, v in value.items()]
        elif isinstance(value, list):
            bad, children = False, [((*path, str(i)), v) for i, v in enumerate(value)]
        else:
            bad, children = False, []
        if bad:
            # The field is named up to the value, never with the offending key itself.
            raise InvalidInput("text must not contain NUL characters or unpaired surrogates",
                               rule=INPUT_RULE, field=".".join(path) or None)
        stack.extend(children)


def _refuse(message: str) -> PydanticCustomError:
    return PydanticCustomError("invalid_input", message, {"rule": INPUT_RULE})


def exact_decimal(*, int_digits: int, places: int, gt: Decimal | int | None = None,
                  le: Decimal | int | None = None) -> Any:
    """A non-negative exact decimal field: a string ``^[0-9]{1,int_digits}(\\.[0-9]{1,places})?$``
    or a JSON integer of at most ``int_digits`` digits, then ``gt < value <= le`` (P05).

    Integers are exact in JSON, so a quantity of ``2`` is fine; floats, exponents, signs,
    underscores, full-width digits and surrounding whitespace are refused, since each is a way
    for "1e3" or "１０" to mean something the sender did not see.
    """
    grammar = f"[0-9]{{1,{int_digits}}}" + (f"(\\.[0-9]{{1,{places}}})?" if places else "")
    compiled = re.compile(grammar)
    low = None if gt is None else Decimal(gt)
    high = None if le is None else Decimal(le)
    shape = f"up to {int_digits} digits" + (f" and {places} decimals" if places else "")

    def validate(value: object) -> Decimal:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10 ** int_digits:
            number = Decimal(value)
        elif isinstance(value, str) and compiled.fullmatch(value):
            number = Decimal(value)
        else:
            raise _refuse(f'give a decimal string such as "12.5" ({shape}) or a whole number')
        if low is not None and not number > low:
            raise _refuse(f"must be more than {low}")
        if high is not None and number > high:
            raise _refuse(f"must be at most {high}")
        return number

    schema: dict[str, Any] = {"anyOf": [{"type": "string", "pattern": f"^{grammar}$"},
                                        {"type": "integer", "minimum": 0, "maximum": 10 ** int_digits - 1}],
                              REFUSED_EXAMPLES_KEY: ["1e3", "1E+2", "1_0", "１０", " 5 ", "NaN", "Infinity", "-1",
                                                     "1" * 27, 1.5]}
    return Annotated[Decimal, BeforeValidator(validate), WithJsonSchema(schema)]


# ISO 8601 extended format, date and time with minutes at least, ASCII digits only.
_ISO_DATE_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
                            r"(Z|[+-][0-9]{2}:[0-9]{2})?")

#: Examples of refused date-times, published in the schema so the API fuzz run sends them.
REFUSED_DATE_TIME_EXAMPLES = ("9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "1764547200",
                              "2026-02-30T10:00:00+08:00", "２０２６-12-01T10:00:00", "2026-12-01 10:00",
                              " 2026-12-01T10:00:00+08:00")


def date_time(*, not_before: timedelta | None, not_after: timedelta | None,
              default_timezone: str = DEFAULT_TIMEZONE) -> Any:
    """An ISO 8601 date-time string field within ``now + not_before .. now + not_after`` (P05).

    Only strings are taken (a number is not read as epoch seconds). Without an offset the time
    is wall-clock time in ``default_timezone`` (the store default of api.md). The bounds are
    relative to the moment of validation; ``None`` leaves that side open, and a range is
    always given on purpose: ``not_before=timedelta(0)`` means "not in the past".
    """
    zone = ZoneInfo(default_timezone)

    def validate(value: object) -> datetime:
        if not isinstance(value, str) or not _ISO_DATE_TIME.fullmatch(value):
            raise _refuse('give an ISO 8601 date-time such as "2026-12-01T10:00:00+08:00"')
        try:
            moment = datetime.fromisoformat(value)
            moment = moment if moment.tzinfo else moment.replace(tzinfo=zone)
            as_utc = moment.astimezone(UTC)
        except (ValueError, OverflowError):
            raise _refuse("not a date-time on the calendar") from None
        now = utcnow()
        if not_before is not None and as_utc < now + not_before:
            raise _refuse("must not be in the past" if not not_before else f"must be after now + {not_before}")
        if not_after is not None and as_utc > now + not_after:
            raise _refuse(f"must be within {not_after.days} days from now")
        return moment

    schema = {"type": "string", "format": "date-time", "examples": ["2026-12-01T10:00:00+08:00"],
              REFUSED_EXAMPLES_KEY: [*REFUSED_DATE_TIME_EXAMPLES, 1764547200]}
    return Annotated[datetime, BeforeValidator(validate), WithJsonSchema(schema)]
