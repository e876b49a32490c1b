"""The demo data of api.md: tenants ``demo`` and ``other``, their stores and one user per role per store.

Every demo user's password is ``demo``. Users go to the identity provider (credentials, roles, the
``stores`` attribute) and their store membership to the gateway's directory, which is what the
gateway trusts when the two disagree. None of it is ever created in production.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.directory import Directory
from renoflow.identity.provider import EmbeddedIdentityProvider
from renoflow.identity.users import NewUser
from shared.errors import Conflict

DEMO_PASSWORD = "demo"
REFUSED_IN_PRODUCTION = ("demo data is never created in production (RENOFLOW_ENVIRONMENT=production): "
                         "no demo tenant, user or password; onboard real tenants instead")


class DemoDataRefused(Exception):
    """Demo data was asked for where it must never exist (RENOFLOW_ENVIRONMENT=production)."""


def refuse_in_production(environment: str) -> None:
    """Raise :class:`DemoDataRefused` in production, the one place every demo seed asks."""
    if environment == "production":
        raise DemoDataRefused(REFUSED_IN_PRODUCTION)

#: Chinese role names of domain.md, used for display names ("设计师 A").
ROLE_NAMES_ZH = {
    "designer": "设计师", "studio_manager": "设计室经理", "studio_assistant": "设计室经理助理",
    "marketing": "营销部", "engineering_stats": "工程统计", "engineering_manager": "工程部经理",
    "foreman": "工长", "qc": "质检员", "materials": "材料部", "finance": "财务部", "cashier": "收款员",
    "aftercare": "客服", "general_manager": "总经理", "hq": "总部", "tenant_admin": "租户管理员",
    "aftercare_manager": "客户服务部经理", "deputy_chief_engineer": "副总工程师", "deputy_general_manager": "副总经理",
    "auditor": "审计部",
}
#: Roles that work in one store: one demo user each per store (``designer-a``, ``designer-b``).
STORE_ROLES = ("designer", "studio_manager", "studio_assistant", "marketing", "engineering_stats",
               "engineering_manager", "foreman", "qc", "materials", "finance", "cashier", "aftercare",
               "aftercare_manager")
#: A05's tenant-level approvers: one demo user each, a member of every store (not tenant-wide roles).
ALL_STORE_ROLES = ("deputy_chief_engineer", "deputy_general_manager", "auditor")


@dataclass(frozen=True)
class DemoStore:
    code: str
    name: str


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    stores: tuple[str, ...]
    display_name: str


@dataclass(frozen=True)
class DemoTenant:
    tenant_id: str
    name: str
    name_en: str
    stores: tuple[DemoStore, ...]
    users: tuple[DemoUser, ...]


def _demo_users() -> tuple[DemoUser, ...]:
    per_store = [DemoUser(f"{role}-{code.lower()}", role, (code,), f"{ROLE_NAMES_ZH[role]} {code}")
                 for code in ("A", "B") for role in STORE_ROLES]
    tenant_wide = [DemoUser(role, role, ("A", "B"), ROLE_NAMES_ZH[role])
                   for role in ("general_manager", "hq", "tenant_admin", *ALL_STORE_ROLES)]
    return (*per_store, *tenant_wide)


DEMO_TENANTS: tuple[DemoTenant, ...] = (
    DemoTenant("demo", "示范装饰", "Demo Decor",
               (DemoStore("A", "示范装饰 A 设计室"), DemoStore("B", "示范装饰 B 设计室")), _demo_users()),
    # A second tenant whose usernames end in "@other", so that isolation can be tried (api.md).
    DemoTenant("other", "另一家装饰", "Other Decor", (DemoStore("A", "另一家装饰 A 设计室"),), (
        DemoUser("designer-a@other", "designer", ("A",), "设计师 A（另一家）"),
        DemoUser("hq@other", "hq", ("A",), "总部（另一家）"),
    )),
)


def seed_demo_directory(directory: Directory) -> bool:
    """The demo tenants, stores and memberships in the platform's own records (Keycloak holds the users)."""
    created = False
    for tenant in DEMO_TENANTS:
        created |= _seed_directory(directory, tenant)
    return created


def seed_demo(provider: EmbeddedIdentityProvider, directory: Directory) -> bool:
    """Create the demo tenants in the directory and the provider when absent; True if anything was created.

    The directory part is idempotent item by item; the users are created in one transaction and
    only while the provider has no users at all, so a real installation is never touched. A
    provider in production refuses (:class:`DemoDataRefused`) before anything is written.
    """
    refuse_in_production(provider.environment)
    created = seed_demo_directory(directory)
    if provider.users.count() == 0:
        try:
            provider.users.add_users(_new_users())
            created = True
        except Conflict:  # another process on the same data directory seeded them first
            pass
    return created


def _seed_directory(directory: Directory, tenant: DemoTenant) -> bool:
    created = False
    if not directory.tenant_exists(tenant.tenant_id):
        directory.add_tenant(tenant.tenant_id, tenant.name, tenant.name_en)
        created = True
    for store in tenant.stores:
        if directory.store(tenant.tenant_id, store.code) is None:
            directory.add_store(tenant.tenant_id, store.code, store.name)
            created = True
    for user in tenant.users:
        if user.role in (*STORE_ROLES, *ALL_STORE_ROLES):  # tenant-wide roles see every store without one
            for code in user.stores:
                directory.add_membership(tenant.tenant_id, user.username, code)
    return created


def _new_users() -> list[NewUser]:
    return [
        NewUser(username=user.username, password=DEMO_PASSWORD, organization=tenant.tenant_id,
                roles=(user.role,), stores=user.stores, display_name=user.display_name,
                email=f"{user.username.split('@')[0]}@{tenant.tenant_id}.renoflow.test")
        for tenant in DEMO_TENANTS for user in tenant.users
    ]
