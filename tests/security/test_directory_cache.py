"""The directory cache answers repeat lookups itself, and sees changes once its TTL has passed."""

from __future__ import annotations

from gateway.auth.directory_cache import CachedDirectory
from gateway.directory import Store


class CountingDirectory:
    def __init__(self) -> None:
        self.calls = 0
        self.members = {("demo", "designer-a"): {"A"}}

    def tenant_exists(self, tenant_id: str) -> bool:
        self.calls += 1
        return tenant_id == "demo"

    def stores_of_tenant(self, tenant_id: str) -> list[Store]:
        self.calls += 1
        return [Store(tenant_id, "A", "A 店")]

    def stores_of(self, tenant_id: str, username: str) -> set[str]:
        self.calls += 1
        return set(self.members.get((tenant_id, username), set()))


def test_P01_membership_changes_are_seen_after_the_ttl() -> None:
    now = [0.0]
    inner = CountingDirectory()
    cached = CachedDirectory(inner, ttl_seconds=30, timer=lambda: now[0])
    assert cached.stores_of("demo", "designer-a") == {"A"}
    inner.members[("demo", "designer-a")] = set()  # moved out of store A
    assert cached.stores_of("demo", "designer-a") == {"A"} and inner.calls == 1
    assert cached.tenant_exists("demo") and not cached.tenant_exists("other")
    now[0] = 31.0
    assert cached.stores_of("demo", "designer-a") == set()
    assert [s.code for s in cached.stores_of_tenant("demo")] == ["A"]
