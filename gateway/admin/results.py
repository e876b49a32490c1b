"""Answers of tenant administration, as /openapi.json publishes them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class StoreRead(BaseModel):
    """A store of the tenant."""

    code: str
    name: str
    timezone: str


class StoreList(BaseModel):
    items: list[StoreRead]


class UserRead(BaseModel):
    """A staff account (never its password)."""

    id: str
    username: str
    roles: list[str]
    stores: list[str]
    display_name: str
    email: str
    enabled: bool


class UserList(BaseModel):
    items: list[UserRead]


class PasswordReset(BaseModel):
    username: str
    password_reset: bool


class HqSettingsRead(BaseModel):
    """The tenant's HQ settings (decision 0036): ratios and money as decimal strings."""

    company_name: str
    defaults: dict[str, Any]
    store_overridable: list[str]
    version: int
    #: Per setting: may a store override it at all (where ``store_overridable`` names it)?
    store_may_override: dict[str, bool]
    #: Settings kept with their rules, behind their own endpoints.
    managed_elsewhere: dict[str, str]


class EffectiveSettingsRead(BaseModel):
    """What a store (or the HQ, ``store`` null) uses, and where each value came from."""

    store: str | None
    company_name: str
    store_name: str
    version: int
    values: dict[str, Any]
    #: Per setting: ``store``, ``hq`` or ``platform``.
    sources: dict[str, str]
    managed_elsewhere: dict[str, str]


class StoreSettingsRead(BaseModel):
    """A store's own overrides, what the tenant lets it override and what it effectively uses."""

    store: str
    overrides: dict[str, Any]
    store_overridable: list[str]
    effective: EffectiveSettingsRead
