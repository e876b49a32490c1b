"""《家庭居室装饰工程质量验收标准》 as versioned data (K08, Q01–Q12): trades, checks, and the decision.

The standard is data, not code: ``standards/standard-<version>.yaml`` holds each trade's checks
with the clause text verbatim. A check is visual (observed ``true`` when met) or measured (a
number within ``[min, max]``, both inclusive). The service decides; the QC only observes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any

import yaml

from shared.errors import InvalidInput, NotFound

_NUMBER = re.compile(r"-?[0-9]{1,9}(\.[0-9]{1,6})?")


@dataclass(frozen=True)
class Check:
    """One check of a trade: what is looked at, against which clause, and its limits."""

    id: str
    clause: str
    text: str
    kind: str
    checks: str = ""
    min: Decimal | None = None
    max: Decimal | None = None
    unit: str | None = None
    rule: str | None = None
    serious: bool = False

    def decide(self, observed: object, *, field: str) -> bool:
        """Pass or fail of what the QC observed; an observation of the wrong kind is 400 on ``field``."""
        if self.kind == "visual":
            if not isinstance(observed, bool):
                raise InvalidInput(f"{self.id} is a visual check: observed is true (met) or false", rule="K08",
                                   field=field)
            return observed
        value = _number(observed, field=field, check=self.id)
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def to_data(self) -> dict[str, Any]:
        """The check as ``GET /quality-standard`` shows it."""
        return {"id": self.id, "clause": self.clause, "text": self.text, "kind": self.kind, "checks": self.checks,
                "min": _shown(self.min), "max": _shown(self.max), "unit": self.unit, "rule": self.rule,
                "serious": self.serious}


def _shown(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _number(observed: object, *, field: str, check: str) -> Decimal:
    # JSON numbers arrive as int or float; a decimal string is taken too. Booleans, NaN and
    # infinities are not measurements.
    if isinstance(observed, bool) or not isinstance(observed, (int, float, str)):
        raise InvalidInput(f"{check} is measured: observed is a number", rule="K08", field=field)
    if isinstance(observed, float) and not math.isfinite(observed):
        raise InvalidInput(f"{check}: observed must be a finite number", rule="K08", field=field)
    text = observed if isinstance(observed, str) else repr(observed)
    if not _NUMBER.fullmatch(text):
        raise InvalidInput(f"{check}: observed must be a plain number such as 1.5", rule="K08", field=field)
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern already admits only decimals
        raise InvalidInput(f"{check}: observed must be a number", rule="K08", field=field) from None


@dataclass(frozen=True)
class Trade:
    """A section of the standard (吊顶工程 …) and its checks."""

    trade: str
    section: str
    title: str
    checks: tuple[Check, ...]

    def check(self, check_id: str, *, field: str) -> Check:
        """A check of this trade; an unknown id is 400 on ``field``."""
        for c in self.checks:
            if c.id == check_id:
                return c
        raise InvalidInput(f"{self.trade} has no check {check_id!r}", rule="K08", field=field)


@dataclass(frozen=True)
class Standard:
    """One version of the standard."""

    version: str
    title: str
    trades: tuple[Trade, ...]

    def trade(self, name: str) -> Trade:
        """A trade of this version; an unknown one is 400 on ``trade``."""
        for t in self.trades:
            if t.trade == name:
                return t
        raise InvalidInput(f"the standard (version {self.version}) has no trade {name!r}", rule="K08", field="trade")

    def to_data(self) -> dict[str, Any]:
        """``GET /quality-standard``."""
        return {"version": self.version, "title": self.title, "trades": [
            {"trade": t.trade, "section": t.section, "title": t.title, "checks": [c.to_data() for c in t.checks]}
            for t in self.trades]}


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def parse_standard(data: dict[str, Any]) -> Standard:
    """A standard from its YAML data."""
    trades = tuple(
        Trade(trade=t["trade"], section=str(t["section"]), title=t["title"], checks=tuple(
            Check(id=str(c["id"]), clause=str(c["clause"]), text=c["text"], kind=c["kind"], checks=c.get("checks", ""),
                  min=_decimal(c.get("min")), max=_decimal(c.get("max")), unit=c.get("unit"), rule=c.get("rule"),
                  serious=bool(c.get("serious", False)))
            for c in t["checks"]))
        for t in data["trades"])
    return Standard(version=str(data["version"]), title=data["title"], trades=trades)


def _load() -> dict[str, Standard]:
    folder = resources.files("services.construction.domain") / "standards"
    found = {}
    for entry in folder.iterdir():
        if entry.name.startswith("standard-") and entry.name.endswith(".yaml"):
            standard = parse_standard(yaml.safe_load(entry.read_text(encoding="utf-8")))
            found[standard.version] = standard
    return found


def version_key(version: str) -> tuple[int, ...]:
    """Versions are dotted numbers; a later one is newer."""
    return tuple(int(p) for p in version.split("."))


#: Every version the service ships, by version.
STANDARDS: dict[str, Standard] = _load()
#: The version a tenant inspects under until it adopts another.
FIRST_VERSION = min(STANDARDS, key=version_key)


def standard(version: str, *, field: str = "version") -> Standard:
    """One version; an unknown one is 404 on ``field``."""
    try:
        return STANDARDS[version]
    except KeyError:
        raise NotFound(f"no quality standard version {version!r}", field=field) from None
