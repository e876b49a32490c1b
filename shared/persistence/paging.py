"""Lists: ``?limit=&cursor=`` pages narrowed to the stores a caller may see (api.md)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

from shared.identity.context import Principal
from shared.validation import Command

T = TypeVar("T")
MAX_LIMIT = 200
#: The store narrowing that matches nothing (a store the caller may not see).
NO_STORES: frozenset[str] = frozenset()


class PageQuery(Command):
    """A list's paging: ``?limit=`` (1–200) and the ``cursor`` its previous page answered."""

    limit: int = Field(default=50, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(default=None, max_length=64)


class Page(BaseModel, Generic[T]):
    """One page of a list: its items and the cursor of the next page (None on the last)."""

    items: list[T]
    next_cursor: str | None = None


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
