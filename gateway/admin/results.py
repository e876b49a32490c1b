"""Answers of tenant administration, as /openapi.json publishes them."""

from __future__ import annotations

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
