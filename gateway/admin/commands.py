"""Requests of tenant administration (api.md, "Tenant administration"), checked strictly (P05)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from shared.clock import DEFAULT_TIMEZONE
from shared.identity.context import ROLES
from shared.tenant_settings import HqSettings, Timezone

#: NIST SP 800-63B: at least 8; staff accounts reach customers' personal data, so 12 here.
PASSWORD_MIN = 12
#: Long enough for any passphrase, short enough that hashing it is no denial of service.
PASSWORD_MAX = 128
USERNAME = r"^[a-z0-9][a-z0-9._@-]{2,63}$"
TENANT = r"^[a-z][a-z0-9-]{1,62}$"
STORE_CODE = r"^[A-Z]$"

StoreCode = Annotated[str, StringConstraints(pattern=STORE_CODE)]
Username = Annotated[str, StringConstraints(pattern=USERNAME)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


def _roles(value: list[str]) -> list[str]:
    unknown = sorted(set(value) - set(ROLES))
    if unknown:
        raise ValueError(f"unknown roles {unknown}; the roles are {', '.join(ROLES)}")
    if len(set(value)) != len(value):
        raise ValueError("a role is named twice")
    return sorted(value)


def _distinct(value: list[str]) -> list[str]:
    if len(set(value)) != len(value):
        raise ValueError("a store is named twice")
    return sorted(value)


Password = Annotated[str, Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)]
Roles = Annotated[list[str], Field(min_length=1, max_length=len(ROLES)), AfterValidator(_roles)]
Stores = Annotated[list[StoreCode], Field(max_length=26), AfterValidator(_distinct)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class AddStore(Strict):
    """A new store (design studio) of the caller's tenant."""

    code: StoreCode
    name: Name
    timezone: Timezone = DEFAULT_TIMEZONE


class AddUser(Strict):
    """A new staff account of the caller's tenant, able to sign in at once."""

    username: Username
    password: Password
    roles: Roles
    stores: Stores = []
    display_name: Annotated[str, StringConstraints(max_length=200)] = ""
    email: Annotated[str, StringConstraints(max_length=254, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")] = ""


class ResetPassword(Strict):
    """A staff account's new password."""

    password: Password


class NewStoreSpec(Strict):
    """One of a new tenant's first stores."""

    code: StoreCode
    name: Name
    timezone: Timezone = DEFAULT_TIMEZONE


class CreateTenant(Strict):
    """A new company: its organization, its first stores and its first tenant admin (operators only)."""

    tenant_id: Annotated[str, StringConstraints(pattern=TENANT)]
    name: Name
    name_en: Annotated[str, StringConstraints(max_length=200)] = ""
    stores: Annotated[list[NewStoreSpec], Field(min_length=1, max_length=26)]
    admin_username: Username
    admin_password: Password
    #: The HQ settings the company starts with (decision 0036); none: the platform's defaults.
    settings: HqSettings | None = None


def password_problem(username: str, password: str) -> str | None:
    """Why ``password`` is refused beyond its length, or None."""
    if password.strip() != password or not password.strip():
        return "a password must not start or end with spaces"
    if username.lower() in password.lower():
        return "a password must not contain the username"
    if re.fullmatch(r"(.)\1*", password):
        return "a password must not be one character repeated"
    return None
