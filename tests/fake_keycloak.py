"""A stand-in for Keycloak 26's admin REST API: the subset the tenant administration adapter calls.

As moto stands in for S3, this small FastAPI app answers the paths, query parameters, bodies and
status codes of Keycloak's published admin API (https://www.keycloak.org/docs-api/latest/rest-api/,
checked as decision 0030 says): organizations, their members, users, passwords and realm role
mappings, behind a client-credentials token. Anything else is 404, so a call the adapter starts
making without the fake learning it fails the tests instead of passing unnoticed.

It also serves the realm's password grant for its users, so a test can prove an account it
created signs in (enabled, with the password set, no pending required action).
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

ADMIN_CLIENT = ("renoflow-admin", "s3cret-for-tests")
ROLES = ("designer", "studio_manager", "hq", "general_manager", "tenant_admin", "finance", "foreman")


class FakeKeycloak:
    """The fake's state (organizations, users, role mappings) and its HTTP app."""

    def __init__(self, realm: str = "renoflow") -> None:
        self.realm = realm
        self.organizations: dict[str, dict[str, Any]] = {}
        self.members: dict[str, list[str]] = {}  # organization id -> user ids
        self.users: dict[str, dict[str, Any]] = {}
        self.passwords: dict[str, str] = {}
        self.role_mappings: dict[str, list[str]] = {}
        self.roles = {name: {"id": str(uuid.uuid4()), "name": name, "composite": False, "clientRole": False,
                             "containerId": realm} for name in ROLES}
        self.tokens: set[str] = set()
        self.calls: list[tuple[str, str]] = []
        self.logouts: list[str] = []
        self.app = self._build()

    def _build(self) -> FastAPI:  # noqa: C901 - one route per admin API path, kept together
        app = FastAPI()
        base = f"/admin/realms/{self.realm}"

        @app.middleware("http")
        async def authorize(request: Request, call_next: Any) -> Any:
            self.calls.append((request.method, request.url.path))
            if request.url.path.startswith("/admin/"):
                token = request.headers.get("authorization", "").removeprefix("Bearer ")
                if token not in self.tokens:
                    return JSONResponse({"error": "HTTP 401 Unauthorized"}, status_code=401)
            return await call_next(request)

        @app.post(f"/realms/{self.realm}/protocol/openid-connect/token")
        async def token(request: Request) -> Any:
            form = dict(await request.form())
            if form.get("grant_type") == "client_credentials":
                if (form.get("client_id"), form.get("client_secret")) != ADMIN_CLIENT:
                    return JSONResponse({"error": "unauthorized_client"}, status_code=401)
                value = str(uuid.uuid4())
                self.tokens.add(value)
                return {"access_token": value, "expires_in": 300, "token_type": "Bearer", "scope": "profile"}
            if form.get("grant_type") == "password":
                user = next((u for u in self.users.values() if u["username"] == form.get("username")), None)
                if user is None or self.passwords.get(user["id"]) != form.get("password"):
                    return JSONResponse({"error": "invalid_grant", "error_description": "Invalid user credentials"},
                                        status_code=401)
                if not user["enabled"]:
                    return JSONResponse({"error": "invalid_grant", "error_description": "Account disabled"},
                                        status_code=400)
                if user.get("requiredActions"):
                    return JSONResponse({"error": "invalid_grant",
                                         "error_description": "Account is not fully set up"}, status_code=400)
                return {"access_token": "user-" + user["id"], "token_type": "Bearer"}
            return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)

        # --- organizations (OrganizationsResource) --------------------------------------------

        @app.get(f"{base}/organizations")
        def organizations(search: str = "", exact: bool = False, first: int = 0, max: int = 10) -> Any:  # noqa: A002
            # As OrganizationsResource.search: ``search`` is matched against the name or a domain, not the alias.
            def matches(o: dict[str, Any]) -> bool:
                names = [o["name"], *(d["name"] for d in o["domains"])]
                return not search or (search in names if exact else any(search in n for n in names))

            return [o for o in self.organizations.values() if matches(o)][first:first + max]

        @app.post(f"{base}/organizations")
        async def create_organization(request: Request) -> Any:
            rep = await request.json()
            if not rep.get("name") or not rep.get("domains"):
                return JSONResponse({"errorMessage": "name and at least one domain are required"}, status_code=400)
            alias = rep.get("alias") or rep["name"]
            if any(o["alias"] == alias or o["name"] == rep["name"] for o in self.organizations.values()):
                return JSONResponse({"errorMessage": "A organization with the same name already exists."},
                                    status_code=409)
            org_id = str(uuid.uuid4())
            self.organizations[org_id] = {"id": org_id, "name": rep["name"], "alias": alias,
                                          "enabled": rep.get("enabled", True), "domains": rep["domains"],
                                          "attributes": rep.get("attributes", {})}
            self.members[org_id] = []
            return Response(status_code=201, headers={"Location": f"http://kc{base}/organizations/{org_id}"})

        @app.get(f"{base}/organizations/members/{{user_id}}/organizations")
        def user_organizations(user_id: str) -> Any:
            return [o for oid, o in self.organizations.items() if user_id in self.members[oid]]

        @app.get(f"{base}/organizations/{{org_id}}")
        def organization(org_id: str) -> Any:
            return self.organizations.get(org_id) or _missing("Organization not found")

        @app.delete(f"{base}/organizations/{{org_id}}")
        def delete_organization(org_id: str) -> Any:
            if self.organizations.pop(org_id, None) is None:
                return _missing("Organization not found")
            self.members.pop(org_id, None)  # members stay realm users, as in Keycloak
            return Response(status_code=204)

        @app.get(f"{base}/organizations/{{org_id}}/members")
        def members(org_id: str, first: int = 0, max: int = 10) -> Any:  # noqa: A002
            if org_id not in self.organizations:
                return _missing("Organization not found")
            reps = [{**self.users[u], "membershipType": "UNMANAGED"} for u in self.members[org_id]]
            return reps[first:first + max]

        @app.post(f"{base}/organizations/{{org_id}}/members")
        async def add_member(org_id: str, request: Request) -> Any:
            if request.headers.get("content-type", "").split(";")[0] != "application/json":
                return JSONResponse({"error": "HTTP 415 Unsupported Media Type"}, status_code=415)
            # Keycloak reads the body as a string and strips the JSON quotes if there are any.
            user_id = (await request.body()).decode().strip().strip('"')
            if org_id not in self.organizations:
                return _missing("Organization not found")
            if user_id not in self.users:  # OrganizationMemberResource.addMember: 400, not 404
                return JSONResponse({"errorMessage": "User does not exist"}, status_code=400)
            if user_id in self.members[org_id]:
                return JSONResponse({"errorMessage": "User is already a member of the organization."},
                                    status_code=409)
            self.members[org_id].append(user_id)
            return Response(status_code=201)

        # --- users (UsersResource, UserResource) ----------------------------------------------

        @app.get(f"{base}/users")
        def users(username: str = "", exact: bool = False, first: int = 0, max: int = 100) -> Any:  # noqa: A002
            found = [u for u in self.users.values()
                     if not username or (u["username"] == username if exact else username in u["username"])]
            return found[first:first + max]

        @app.post(f"{base}/users")
        async def create_user(request: Request) -> Any:
            rep = await request.json()
            username = str(rep.get("username", "")).lower()
            if not username:
                return JSONResponse({"errorMessage": "error-user-attribute-required"}, status_code=400)
            if any(u["username"] == username for u in self.users.values()):
                return JSONResponse({"errorMessage": "User exists with same username"}, status_code=409)
            # The realm's user profile validates names with person-name-prohibited-characters.
            for name in ("firstName", "lastName"):
                if any(c in str(rep.get(name) or "") for c in '<>&"$%!#?§;*~/\\:,^()[]{}|@=+'):
                    return JSONResponse({"field": name, "errorMessage": "error-person-name-invalid-character"},
                                        status_code=400)
            user_id = str(uuid.uuid4())
            self.users[user_id] = {
                "id": user_id, "username": username, "enabled": rep.get("enabled", False),
                "email": rep.get("email"), "emailVerified": rep.get("emailVerified", False),
                "firstName": rep.get("firstName"), "lastName": rep.get("lastName"),
                "attributes": rep.get("attributes") or {}, "requiredActions": rep.get("requiredActions") or [],
            }
            for credential in rep.get("credentials") or []:
                if credential.get("type") == "password":
                    self.passwords[user_id] = credential["value"]
                    if credential.get("temporary"):
                        self.users[user_id]["requiredActions"].append("UPDATE_PASSWORD")
            # The realm's user profile requires email, firstName and lastName of users.
            if not all(self.users[user_id].get(k) for k in ("email", "firstName", "lastName")):
                self.users[user_id]["requiredActions"].append("VERIFY_PROFILE")
            self.role_mappings[user_id] = []
            return Response(status_code=201, headers={"Location": f"http://kc{base}/users/{user_id}"})

        @app.get(f"{base}/users/{{user_id}}")
        def user(user_id: str) -> Any:
            return self.users.get(user_id) or _missing("User not found")

        @app.put(f"{base}/users/{{user_id}}")
        async def update_user(user_id: str, request: Request) -> Any:
            if user_id not in self.users:
                return _missing("User not found")
            rep = await request.json()
            for key in ("enabled", "email", "firstName", "lastName", "attributes", "emailVerified"):
                if key in rep:
                    self.users[user_id][key] = rep[key]
            return Response(status_code=204)

        @app.delete(f"{base}/users/{{user_id}}")
        def delete_user(user_id: str) -> Any:
            if self.users.pop(user_id, None) is None:
                return _missing("User not found")
            for ids in self.members.values():
                if user_id in ids:
                    ids.remove(user_id)
            self.passwords.pop(user_id, None)
            return Response(status_code=204)

        @app.post(f"{base}/users/{{user_id}}/logout")
        def logout(user_id: str) -> Any:
            if user_id not in self.users:
                return _missing("User not found")
            self.logouts.append(user_id)
            return Response(status_code=204)

        @app.put(f"{base}/users/{{user_id}}/reset-password")
        async def reset_password(user_id: str, request: Request) -> Any:
            if user_id not in self.users:
                return _missing("User not found")
            rep = await request.json()
            if rep.get("type") != "password" or not rep.get("value"):
                return JSONResponse({"error": "invalid credential"}, status_code=400)
            self.passwords[user_id] = rep["value"]
            actions = self.users[user_id]["requiredActions"]
            if rep.get("temporary", True):
                actions.append("UPDATE_PASSWORD")
            return Response(status_code=204)

        @app.get(f"{base}/users/{{user_id}}/role-mappings/realm")
        def user_roles(user_id: str) -> Any:
            if user_id not in self.users:
                return _missing("User not found")
            return [self.roles[name] for name in self.role_mappings[user_id]]

        @app.post(f"{base}/users/{{user_id}}/role-mappings/realm")
        async def map_roles(user_id: str, request: Request) -> Any:
            if user_id not in self.users:
                return _missing("User not found")
            for rep in await request.json():
                if self.roles.get(rep.get("name"), {}).get("id") != rep.get("id"):
                    return _missing("Role not found")
                if rep["name"] not in self.role_mappings[user_id]:
                    self.role_mappings[user_id].append(rep["name"])
            return Response(status_code=204)

        @app.get(f"{base}/roles/{{name}}")
        def role(name: str) -> Any:
            return self.roles.get(name) or _missing("Could not find role")

        return app

    def user_named(self, username: str) -> dict[str, Any]:
        """The stored user representation of ``username``."""
        return next(u for u in self.users.values() if u["username"] == username)


def _missing(message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=404)

