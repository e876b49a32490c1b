"""Contract numbers (档案号), rule C04: ``A25112201`` = store, yy, mm, dd, the day's sequence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from shared.errors import RuleViolation

#: Two digits of sequence: the 100th contract of a store's day cannot be numbered (C04).
MAX_PER_DAY = 99

_STORE = re.compile(r"^[A-Z]$")


@dataclass(frozen=True)
class ContractNumber:
    """A store's n-th contract of its local day."""

    store: str
    day: date
    sequence: int

    def __post_init__(self) -> None:
        if not _STORE.match(self.store):
            raise ValueError(f"store code must be one capital letter, got {self.store!r}")
        if not 1 <= self.sequence <= MAX_PER_DAY:
            raise RuleViolation(
                f"store {self.store} has already signed {MAX_PER_DAY} contracts on {self.day.isoformat()};"
                " the two-digit day sequence is exhausted",
                rule="C04",
            )

    def __str__(self) -> str:
        # Formatted here, not with SQL lpad, which silently truncates (architecture.md).
        return f"{self.store}{self.day:%y%m%d}{self.sequence:02d}"
