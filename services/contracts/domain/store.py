"""What a tenant's contracts are made in and of: its stores, its price catalogue, its leads."""

from __future__ import annotations

from decimal import Decimal

from services.contracts.domain.catalogue import PriceItem
from shared.clock import DEFAULT_TIMEZONE, iana_zone
from shared.errors import InvalidInput


def _check_timezone(timezone: str) -> None:
    try:
        iana_zone(timezone)
    except ValueError:
        raise InvalidInput(f"unknown time zone {timezone!r}", field="timezone") from None


class Store:
    """A store of the tenant and the time zone its contract days are counted in (C04)."""

    def __init__(self, code: str, timezone: str = DEFAULT_TIMEZONE) -> None:
        self.code, self.timezone = code, timezone

    @classmethod
    def register(cls, code: str, timezone: str = DEFAULT_TIMEZONE) -> Store:
        """A new store: its code is one capital letter (the first letter of its contract numbers)."""
        if not (len(code) == 1 and code.isupper()):
            raise InvalidInput("a store code is one capital letter", field="store")
        _check_timezone(timezone)
        return cls(code, timezone)

    def move_to(self, timezone: str) -> None:
        """Count this store's days in another time zone from now on."""
        _check_timezone(timezone)
        self.timezone = timezone


class CatalogueItem:
    """A price item of the tenant's own catalogue (价目表)."""

    def __init__(self, code: str, name: str, unit: str, unit_price: Decimal, trade: str) -> None:
        self.code, self.name, self.unit, self.unit_price, self.trade = code, name, unit, unit_price, trade

    @classmethod
    def of(cls, item: PriceItem) -> CatalogueItem:
        """The tenant's copy of an item of the starting catalogue."""
        return cls(item.code, item.name, item.unit, item.unit_price, item.trade)


class Lead:
    """What contracts knows of a sales lead, from the ``lead_registered`` event."""

    def __init__(self, lead_id: str, store: str, customer_name: str, address: str = "", designer: str = "") -> None:
        self.lead_id = lead_id
        self.announced(store=store, customer_name=customer_name, address=address, designer=designer)

    def announced(self, *, store: str, customer_name: str, address: str, designer: str) -> None:
        """Take what sales announced of the lead (the latest announcement wins)."""
        self.store, self.customer_name, self.address, self.designer = store, customer_name, address, designer
