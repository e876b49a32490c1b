"""The directory lookups of every request, cached for a short while.

Each authenticated request asks the directory up to three questions; the answers change rarely
(a store opens, a designer moves), so a short TTL trades that much staleness for no database
round trip on the hot path.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from cachetools import TTLCache, cachedmethod
from cachetools.keys import hashkey

from gateway.auth.principal import StaffDirectory
from gateway.directory import Store

DEFAULT_TTL_SECONDS = 30.0


class CachedDirectory:
    """A :class:`StaffDirectory` answering from a TTL cache in front of another one."""

    def __init__(self, directory: StaffDirectory, ttl_seconds: float = DEFAULT_TTL_SECONDS,
                 maxsize: int = 10_000, timer: Callable[[], float] | None = None) -> None:
        self.directory = directory
        self.cache: TTLCache[object, object] = (
            TTLCache(maxsize, ttl_seconds, timer=timer) if timer else TTLCache(maxsize, ttl_seconds))
        self.lock = threading.Lock()

    @cachedmethod(lambda self: self.cache, key=lambda self, t: hashkey("tenant", t), lock=lambda self: self.lock)
    def tenant_exists(self, tenant_id: str) -> bool:
        """Whether the tenant is known (cached)."""
        return self.directory.tenant_exists(tenant_id)

    @cachedmethod(lambda self: self.cache, key=lambda self, t: hashkey("stores", t), lock=lambda self: self.lock)
    def stores_of_tenant(self, tenant_id: str) -> list[Store]:
        """Every store of the tenant (cached)."""
        return self.directory.stores_of_tenant(tenant_id)

    @cachedmethod(lambda self: self.cache, key=lambda self, t, u: hashkey("member", t, u),
                  lock=lambda self: self.lock)
    def stores_of(self, tenant_id: str, username: str) -> set[str]:
        """The stores a user works in (cached)."""
        return set(self.directory.stores_of(tenant_id, username))
