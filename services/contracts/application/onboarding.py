"""Onboarding a tenant (renoflow/onboarding.py): its stores and its price catalogue."""

from __future__ import annotations

from services.contracts.application.scope import UowFactory
from services.contracts.commands import ListCatalogue, RegisterStore, SeedCatalogue
from services.contracts.domain.catalogue import DEFAULT_CATALOGUE
from services.contracts.domain.roles import TENANT_ADMINS
from services.contracts.domain.store import CatalogueItem, Store
from services.contracts.results import CatalogueItemRead, CatalogueRead, CatalogueSeeded, StoreRegistered
from shared.identity.context import Principal


def register_store(cmd: RegisterStore, *, uow: UowFactory, principal: Principal) -> StoreRegistered:
    """Onboarding: record a store and the time zone its contract days are counted in (C04)."""
    principal.require_role(TENANT_ADMINS, action="register stores")
    new = Store.register(cmd.store, cmd.timezone)
    with uow() as u:
        store = u.stores.store(new.code)
        if store is None:
            u.stores.add(new)
        else:
            store.move_to(new.timezone)
        u.commit()
    return StoreRegistered(store=new.code, timezone=new.timezone)


def seed_catalogue(cmd: SeedCatalogue, *, uow: UowFactory, principal: Principal) -> CatalogueSeeded:
    """Onboarding: give a tenant the starting price catalogue once."""
    principal.require_role(TENANT_ADMINS, action="set up the catalogue")
    with uow() as u:
        if u.catalogue.items():
            return CatalogueSeeded(seeded=0)
        for item in DEFAULT_CATALOGUE:
            u.catalogue.add(CatalogueItem.of(item))
        u.commit()
    return CatalogueSeeded(seeded=len(DEFAULT_CATALOGUE))


def list_catalogue(cmd: ListCatalogue, *, uow: UowFactory) -> CatalogueRead:
    """The tenant's price items (价目表), by code."""
    with uow() as u:
        return CatalogueRead(items=[CatalogueItemRead.of(item) for item in u.catalogue.listing()])
