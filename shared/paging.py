"""Lists: ``?limit=&cursor=`` pages narrowed to the stores a caller may see (api.md)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from shared.context import Principal

T = TypeVar("T")
MAX_LIMIT = 200
#: The store narrowing that matches nothing (a store the caller may not see).
NO_STORES: frozenset[str] = frozenset()


def store_scope(principal: Principal, store: str | None) -> frozenset[str] | None:
    """The stores a list may show: None for all of the tenant, else a set (maybe empty)."""
    if store:
        return frozenset({store}) if principal.can_see_store(store) else NO_STORES
    return None if principal.tenant_wide else frozenset(principal.stores)


def clamp(limit: int) -> int:
    """A page size between 1 and :data:`MAX_LIMIT`."""
    return max(1, min(limit, MAX_LIMIT))


def page(rows: Sequence[T], limit: int, view: Callable[[T], dict[str, Any]],
         cursor_of: Callable[[T], str] = lambda row: row.id) -> dict[str, Any]:  # type: ignore[attr-defined]
    """The answer for ``limit + 1`` fetched rows: ``items`` and the ``next_cursor`` (or None)."""
    shown = rows[:limit]
    more = len(rows) > limit
    return {"items": [view(r) for r in shown], "next_cursor": cursor_of(shown[-1]) if more and shown else None}
