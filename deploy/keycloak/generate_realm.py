"""Write the Keycloak realm imports (Keycloak 26) from the lists below.

``renoflow-realm.json`` is what docker-compose.yml imports: roles, client, mappers and no user
at all (production has no demo user and no demo password). ``renoflow-realm-demo.json`` is the
same realm plus api.md's demo tenants and users; docker-compose.demo.yml imports it instead.

Run ``python deploy/keycloak/generate_realm.py`` after changing a role, a user or a mapper, and
commit the three files. Generated rather than hand-written so the 29 demo users cannot drift
from api.md's list, and the two realms from each other.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REALM = "renoflow"
CLIENT_ID = "renoflow-web"
#: The confidential client of tenant administration (renoflow/identity/keycloak_admin.py).
ADMIN_CLIENT_ID = "renoflow-admin"
#: Keycloak replaces ${VAR} in an imported realm file with the container's environment variable,
#: so the secret lives in .env (docker-compose.yml), never in this repository.
ADMIN_CLIENT_SECRET = "${RENOFLOW_KEYCLOAK_ADMIN_CLIENT_SECRET}"
#: realm-management roles the service account needs for organizations, users and their roles.
ADMIN_ROLES = ["manage-users", "view-users", "query-users", "manage-realm"]
AUDIENCE = "renoflow-api"
DEMO_PASSWORD = "demo"
HERE = Path(__file__).resolve().parent
#: api.md "Hardening": after 10 consecutive wrong passwords a user is locked for at least 60 s.
#: The embedded provider computes the same from RENOFLOW_BRUTE_FORCE_* (whose defaults these are).
BRUTE_FORCE: dict[str, Any] = {
    "bruteForceProtected": True,
    "bruteForceStrategy": "MULTIPLE",  # wait = waitIncrementSeconds per full failureFactor failures
    "permanentLockout": False,
    "failureFactor": 10,
    "waitIncrementSeconds": 60,
    "maxFailureWaitSeconds": 900,
    "maxDeltaTimeSeconds": 43200,
}
OUTPUT = HERE / "renoflow-realm.json"
DEMO_OUTPUT = HERE / "renoflow-realm-demo.json"

#: domain.md "Roles": the realm roles, with their Chinese names as descriptions.
STORE_ROLES: dict[str, str] = {
    "designer": "设计师",
    "studio_manager": "设计室经理",
    "studio_assistant": "设计室经理助理",
    "marketing": "营销部",
    "engineering_stats": "工程统计",
    "engineering_manager": "工程部经理",
    "foreman": "工长",
    "qc": "质检员",
    "materials": "材料部",
    "finance": "财务部",
    "cashier": "收款员",
    "aftercare": "客服/售后",
    "aftercare_manager": "客户服务部经理",
}
TENANT_ROLES: dict[str, str] = {
    "general_manager": "总经理",
    "hq": "总部",
    "tenant_admin": "租户管理员",
    "deputy_chief_engineer": "副总工程师",
    "deputy_general_manager": "副总经理",
    "auditor": "审计部",
}
ROLES: dict[str, str] = {**STORE_ROLES, **TENANT_ROLES}

#: api.md "Demo data": tenant alias -> (display name, English name, stores).
TENANTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "demo": ("示范装饰", "Demo Decor", ("A", "B")),
    "other": ("另一家装饰", "Other Decor", ("A",)),
}


def demo_users() -> dict[str, list[dict[str, Any]]]:
    """api.md's demo users by tenant: ``<role>-a``/``-b`` per store role, tenant-wide roles, two in ``other``."""
    demo_stores = list(TENANTS["demo"][2])
    demo = [_user(f"{role}-{store.lower()}", "demo", role, [store])
            for store in demo_stores for role in STORE_ROLES]
    demo += [_user(role, "demo", role, demo_stores) for role in TENANT_ROLES]
    other = [_user("designer-a@other", "other", "designer", ["A"]), _user("hq@other", "other", "hq", ["A"])]
    return {"demo": demo, "other": other}


def _user(username: str, tenant: str, role: str, stores: list[str]) -> dict[str, Any]:
    return {
        "username": username,
        "enabled": True,
        # Keycloak 24+ asks for missing profile fields before issuing tokens ("Account is not fully
        # set up" on the password grant), so every demo user carries email and names.
        "email": f"{username.split('@', 1)[0]}@{tenant}.renoflow.example",
        "emailVerified": True,
        # The person-name validator refuses "/" (as in 客服/售后).
        "firstName": ROLES[role].replace("/", "·"),
        "lastName": f"{TENANTS[tenant][0]} {''.join(stores)}店",
        "attributes": {"stores": stores},
        # Imported credentials are temporary unless told otherwise, which would force a password
        # change and break the password grant that scripts and tests use.
        "credentials": [{"type": "password", "value": DEMO_PASSWORD, "temporary": False}],
        "realmRoles": [role],
        "requiredActions": [],
    }


def organizations(members: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """One Keycloak organization per demo tenant; the token's ``organization`` claim names the tenant."""
    orgs = []
    for alias, (name, english, stores) in TENANTS.items():
        if alias not in members:
            continue
        orgs.append({
            "name": name,
            "alias": alias,
            "enabled": True,
            "description": f"{english} (stores {', '.join(stores)})",
            "attributes": {"stores": list(stores)},
            # Keycloak 26.0 insists on at least one domain; .example never resolves.
            "domains": [{"name": f"{alias}.renoflow.example", "verified": False}],
            # Unmanaged: the users live in the realm and are only linked to the organization.
            "members": [{"username": u["username"], "email": u["email"], "membershipType": "UNMANAGED"}
                        for u in members.get(alias, [])],
            "identityProviders": [],
        })
    return orgs


def _mapper(name: str, kind: str, config: dict[str, str]) -> dict[str, Any]:
    return {"name": name, "protocol": "openid-connect", "protocolMapper": kind,
            "consentRequired": False, "config": config}


def web_client() -> dict[str, Any]:
    """The public client ``renoflow-web``: portal (code flow + PKCE) and scripts (password grant)."""
    origins = ["http://localhost:8000", "http://127.0.0.1:8000"]
    # Exact URIs, no wildcard: the portal comes back to its root only (RENOFLOW_OIDC_REDIRECT_URIS
    # is the embedded provider's list of the same). Add your public https address here.
    portal = [f"{o}/" for o in origins]
    return {
        "clientId": CLIENT_ID,
        "name": "RenoFlow 家装业务平台",
        "enabled": True,
        "protocol": "openid-connect",
        "publicClient": True,
        "standardFlowEnabled": True,
        "directAccessGrantsEnabled": True,  # api.md: scripts and tests use the password grant
        "implicitFlowEnabled": False,
        "serviceAccountsEnabled": False,
        "frontchannelLogout": True,
        "fullScopeAllowed": True,
        "redirectUris": portal,
        # CORS of the token endpoint: the portal exchanges its code from its own origin.
        "webOrigins": origins,
        "attributes": {
            # PKCE required, S256 only: a code without the verifier is worth nothing.
            "pkce.code.challenge.method": "S256",
            "post.logout.redirect.uris": "##".join(portal),
        },
        # No realm-level "clientScopes" is declared on purpose: declaring any suppresses all of
        # Keycloak's built-in scopes, and with them "basic" (the sub claim) and "roles"
        # (realm_access). "organization" is made a default scope: the organization mapper only
        # resolves organizations named by an organization scope in the token's scope string.
        "defaultClientScopes": ["basic", "acr", "web-origins", "profile", "roles", "email", "organization"],
        "optionalClientScopes": ["offline_access", "address", "phone", "microprofile-jwt"],
        "protocolMappers": [
            # Keycloak sets aud only through an Audience mapper; the gateway requires renoflow-api.
            _mapper(f"audience {AUDIENCE}", "oidc-audience-mapper", {
                "included.custom.audience": AUDIENCE,
                "access.token.claim": "true",
                "id.token.claim": "false",
                "introspection.token.claim": "true",
            }),
            # The stores a user works in; a hint the gateway checks against the platform's records.
            _mapper("stores", "oidc-usermodel-attribute-mapper", {
                "user.attribute": "stores",
                "claim.name": "stores",
                "jsonType.label": "String",
                "multivalued": "true",
                "aggregate.attrs": "false",
                "access.token.claim": "true",
                "id.token.claim": "true",
                "userinfo.token.claim": "true",
                "introspection.token.claim": "true",
            }),
            # The tenant: a list of aliases (["demo"]); the gateway accepts the map shape as well.
            _mapper("organization", "oidc-organization-membership-mapper", {
                "claim.name": "organization",
                "jsonType.label": "String",
                "multivalued": "true",
                "addOrganizationId": "false",
                "addOrganizationAttributes": "false",
                "access.token.claim": "true",
                "id.token.claim": "true",
                "userinfo.token.claim": "true",
                "introspection.token.claim": "true",
            }),
        ],
    }


def admin_client() -> dict[str, Any]:
    """The confidential client ``renoflow-admin``: only client credentials, for its service account."""
    return {
        "clientId": ADMIN_CLIENT_ID,
        "name": "RenoFlow tenant administration",
        "enabled": True,
        "protocol": "openid-connect",
        "publicClient": False,
        "clientAuthenticatorType": "client-secret",
        "secret": ADMIN_CLIENT_SECRET,
        "serviceAccountsEnabled": True,
        # No browser and no password: nothing but the client-credentials grant.
        "standardFlowEnabled": False,
        "directAccessGrantsEnabled": False,
        "implicitFlowEnabled": False,
        "redirectUris": [],
        "webOrigins": [],
    }


def service_account() -> dict[str, Any]:
    """The service account of ``renoflow-admin`` with the realm-management roles it uses, and no password."""
    return {
        "username": f"service-account-{ADMIN_CLIENT_ID}",
        "enabled": True,
        "serviceAccountClientId": ADMIN_CLIENT_ID,
        "clientRoles": {"realm-management": ADMIN_ROLES},
    }


def user_profile() -> dict[str, Any]:
    """Keycloak 24+ declarative user profile: the defaults plus ``stores`` (admins edit it, users don't)."""
    everyone = {"view": ["admin", "user"], "edit": ["admin", "user"]}
    config = {
        "attributes": [
            {"name": "username", "displayName": "${username}", "permissions": everyone, "multivalued": False,
             "validations": {"length": {"min": 3, "max": 255}, "username-prohibited-characters": {},
                             "up-username-not-idn-homograph": {}}},
            {"name": "email", "displayName": "${email}", "permissions": everyone, "multivalued": False,
             "required": {"roles": ["user"]}, "validations": {"email": {}, "length": {"max": 255}}},
            {"name": "firstName", "displayName": "${firstName}", "permissions": everyone, "multivalued": False,
             "required": {"roles": ["user"]},
             "validations": {"length": {"max": 255}, "person-name-prohibited-characters": {}}},
            {"name": "lastName", "displayName": "${lastName}", "permissions": everyone, "multivalued": False,
             "required": {"roles": ["user"]},
             "validations": {"length": {"max": 255}, "person-name-prohibited-characters": {}}},
            # A user who could edit this would widen their own store scope: admin-only.
            {"name": "stores", "displayName": "门店 Stores", "multivalued": True,
             "permissions": {"view": ["admin", "user"], "edit": ["admin"]},
             "validations": {"pattern": {"pattern": "^[A-Z]$", "error-message": "a store is one capital letter"}}},
        ],
        "groups": [{"name": "user-metadata", "displayHeader": "User metadata",
                    "displayDescription": "Attributes, which refer to user metadata"}],
    }
    return {
        "org.keycloak.userprofile.UserProfileProvider": [{
            "providerId": "declarative-user-profile",
            "subComponents": {},
            "config": {"kc.user.profile.config": [json.dumps(config, ensure_ascii=False)]},
        }],
    }


def realm(*, with_demo_users: bool = False) -> dict[str, Any]:
    """The whole realm representation; the demo tenants (organizations, users) only when asked."""
    members = demo_users() if with_demo_users else {}
    return {
        "realm": REALM,
        "displayName": "RenoFlow 家装业务平台",
        "enabled": True,
        "sslRequired": "external",
        "registrationAllowed": False,
        # Usernames such as designer-a@other contain "@"; logging in by email would make them ambiguous.
        "loginWithEmailAllowed": False,
        "duplicateEmailsAllowed": False,
        "resetPasswordAllowed": False,
        "editUsernameAllowed": False,
        **BRUTE_FORCE,
        "accessTokenLifespan": 1800,  # RENOFLOW_ACCESS_TOKEN_MINUTES of the embedded provider
        "defaultSignatureAlgorithm": "RS256",  # the gateway accepts RS256 only
        "internationalizationEnabled": True,
        "supportedLocales": ["zh-CN", "en"],
        "defaultLocale": "zh-CN",
        "organizationsEnabled": True,
        "roles": {"realm": [{"name": name, "description": label, "composite": False, "clientRole": False}
                            for name, label in ROLES.items()]},
        "clients": [web_client(), admin_client()],
        "users": [service_account(), *(user for tenant_users in members.values() for user in tenant_users)],
        "organizations": organizations(members),
        "components": user_profile(),
    }


def render(*, with_demo_users: bool) -> str:
    """The realm file's text."""
    return json.dumps(realm(with_demo_users=with_demo_users), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--print", choices=("production", "demo"), default=None,
                        help="print one realm to stdout instead of writing both files")
    args = parser.parse_args(argv)
    if args.print:
        sys.stdout.write(render(with_demo_users=args.print == "demo"))
        return 0
    OUTPUT.write_text(render(with_demo_users=False), encoding="utf-8")
    DEMO_OUTPUT.write_text(render(with_demo_users=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
