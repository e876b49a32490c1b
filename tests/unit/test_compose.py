"""docker-compose.yml and deploy/, checked for structure: no Docker engine runs where the tests do.

What a container run would show first, caught here instead: a missing service, a floating image
tag, a dependency that does not wait for health, a secret with a default, an environment name the
settings do not know, a realm without the audience mapper, a demo user in the production realm
or a demo user of api.md missing from the demo overlay's.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from renoflow.services import SERVICE_NAMES
from shared.settings import Settings
from tests.servers import require

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
DEMO_OVERLAY = ROOT / "docker-compose.demo.yml"
DEPLOY = ROOT / "deploy"
REALM_FILE = DEPLOY / "keycloak" / "renoflow-realm.json"
DEMO_REALM_FILE = DEPLOY / "keycloak" / "renoflow-realm-demo.json"
REALM_IMPORT = "/opt/keycloak/data/import/renoflow-realm.json"

SERVICES = SERVICE_NAMES
EXPECTED_CONTAINERS = {
    "postgres", "rabbitmq", "minio", "keycloak", "otel-collector", "jaeger", "gateway", "migrate", *SERVICES,
}
ONE_SHOT = {"migrate", "minio-init", "demo-seed"}
# Distroless image without a shell or HTTP client; nothing depends on it (see the compose file).
NO_HEALTHCHECK_POSSIBLE = {"otel-collector"}
APP_CONTAINERS = {"gateway", "migrate", *SERVICES}

SECRETS = {
    "POSTGRES_PASSWORD", "RABBITMQ_PASSWORD", "MINIO_ROOT_PASSWORD", "KEYCLOAK_ADMIN_PASSWORD",
    "KEYCLOAK_DB_PASSWORD", "RENOFLOW_DATABASE_OWNER_PASSWORD", "RENOFLOW_DATABASE_APP_PASSWORD",
    "RENOFLOW_DATABASE_RELAY_PASSWORD", "RENOFLOW_MINIO_SECRET_KEY",
}
# Settings being added on other branches (database roles, MinIO buckets); accepted only while
# this branch's Settings lacks them, and checked like every other name once it has them.
PENDING_SETTINGS = {
    "RENOFLOW_DATABASE_OWNER_PASSWORD", "RENOFLOW_DATABASE_APP_PASSWORD", "RENOFLOW_DATABASE_RELAY_PASSWORD",
    "RENOFLOW_MINIO_BUCKET_PREFIX", "RENOFLOW_MINIO_OBJECT_LOCK",
}

# domain.md "Roles (Keycloak realm roles)".
REALM_ROLES = {
    "designer", "studio_manager", "studio_assistant", "marketing", "engineering_stats", "engineering_manager",
    "foreman", "qc", "materials", "finance", "cashier", "aftercare", "general_manager", "hq", "tenant_admin",
    # domain.md's turn-2 additions for A05.
    "aftercare_manager", "deputy_chief_engineer", "deputy_general_manager", "auditor",
}
A05_TENANT_ROLES = {"deputy_chief_engineer", "deputy_general_manager", "auditor"}
STORE_ROLES = REALM_ROLES - {"general_manager", "hq", "tenant_admin"} - A05_TENANT_ROLES
# api.md "Demo data of the embedded mode": username -> (organization, realm role, stores).
DEMO_USERS: dict[str, tuple[str, str, list[str]]] = {
    **{f"{role}-{store.lower()}": ("demo", role, [store]) for role in STORE_ROLES for store in ("A", "B")},
    "general_manager": ("demo", "general_manager", ["A", "B"]),
    "hq": ("demo", "hq", ["A", "B"]),
    "tenant_admin": ("demo", "tenant_admin", ["A", "B"]),
    **{role: ("demo", role, ["A", "B"]) for role in A05_TENANT_ROLES},
    "designer-a@other": ("other", "designer", ["A"]),
    "hq@other": ("other", "hq", ["A"]),
}

VARIABLE = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


@pytest.fixture(scope="module")
def overlay() -> dict[str, Any]:
    document = yaml.safe_load(DEMO_OVERLAY.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


@pytest.fixture(scope="module", params=["production", "demo"])
def realm(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Both realm files: everything but the users and organizations must hold in each."""
    return json.loads((REALM_FILE if request.param == "production" else DEMO_REALM_FILE).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_realm() -> dict[str, Any]:
    return json.loads(DEMO_REALM_FILE.read_text(encoding="utf-8"))


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for key, value in node.items() for s in (*_strings(key), *_strings(value))]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return []


def _settings_env_names() -> set[str]:
    return {f"RENOFLOW_{name.upper()}" for name in Settings.model_fields}


# --- docker-compose.yml ------------------------------------------------------------------------

def test_every_expected_service_is_there(services: dict[str, Any]) -> None:
    assert EXPECTED_CONTAINERS <= set(services), EXPECTED_CONTAINERS - set(services)


def test_images_are_pinned(services: dict[str, Any]) -> None:
    for name, service in services.items():
        image = service.get("image")
        assert image, f"{name} has no image"
        repository, _, tag = image.rpartition(":")
        assert repository and "/" not in tag, f"{name}: {image} has no tag"
        assert tag != "latest" and re.search(r"\d", tag), f"{name}: {image} is not pinned to a version"


def test_versions_the_architecture_names(services: dict[str, Any]) -> None:
    assert services["postgres"]["image"].startswith("postgres:16.")
    assert services["keycloak"]["image"].startswith("quay.io/keycloak/keycloak:26.")
    assert re.fullmatch(r"rabbitmq:(3\.13|4\.\d+)\.\d+-management", services["rabbitmq"]["image"])
    assert services["minio"]["image"].startswith("minio/minio:RELEASE.")
    assert services["minio-init"]["image"].startswith("minio/mc:RELEASE.")


def test_long_running_services_have_a_healthcheck(services: dict[str, Any]) -> None:
    for name, service in services.items():
        if name in ONE_SHOT:
            assert service.get("restart") == "no", f"one-shot {name} must not be restarted"
            continue
        if name in NO_HEALTHCHECK_POSSIBLE:
            continue
        test = service.get("healthcheck", {}).get("test")
        assert test and test[0] in {"CMD", "CMD-SHELL"}, f"{name} has no healthcheck"


def test_dependencies_wait_for_health_or_completion(services: dict[str, Any]) -> None:
    for name, service in services.items():
        depends = service.get("depends_on", {})
        # The list form means service_started: a container that runs but is not ready yet.
        assert isinstance(depends, dict), f"{name}: depends_on must name conditions"
        for dependency, spec in depends.items():
            assert dependency in services, f"{name} depends on unknown {dependency}"
            condition = spec.get("condition")
            if condition == "service_healthy":
                assert "healthcheck" in services[dependency], f"{name} waits for {dependency}, which has no healthcheck"
            elif condition == "service_completed_successfully":
                assert dependency in ONE_SHOT, f"{name} waits for long-running {dependency} to exit"
            else:
                pytest.fail(f"{name} -> {dependency}: condition {condition!r}")
    for name, service in services.items():
        assert not set(service.get("depends_on", {})) & NO_HEALTHCHECK_POSSIBLE, f"{name} waits for the collector"


def test_services_start_after_the_migration(services: dict[str, Any]) -> None:
    for name in SERVICES:
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["rabbitmq"]["condition"] == "service_healthy"
    assert set(SERVICES) <= set(services["gateway"]["depends_on"])


def test_commands(services: dict[str, Any]) -> None:
    for name in SERVICES:
        assert services[name]["command"] == [
            "nameko", "run", "--config", "deploy/nameko.yaml",
            f"services.{name}.service:{name.capitalize()}Service"]  # the class, not its imported base
        assert services[name]["healthcheck"]["test"][-1] == name
    assert services["gateway"]["command"] == ["renoflow", "gateway"]
    assert services["migrate"]["command"] == ["renoflow", "db", "provision"]
    assert "--import-realm" in services["keycloak"]["command"]


def test_app_containers_share_one_image_and_environment(services: dict[str, Any]) -> None:
    images = {services[name]["image"] for name in APP_CONTAINERS}
    assert len(images) == 1
    for name in APP_CONTAINERS:
        assert services[name]["build"]["dockerfile"] == "deploy/Dockerfile"
        env = services[name]["environment"]
        assert env["RENOFLOW_MODE"] == "distributed"
        assert env["RENOFLOW_ENVIRONMENT"] == "production"
        assert env["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://otel-collector:4318"
        assert env["RENOFLOW_OIDC_AUDIENCE"] == "renoflow-api"
    assert "&renoflow-env" in COMPOSE.read_text(encoding="utf-8"), "shared env is the x-renoflow-env anchor"


def test_renoflow_environment_names_are_settings(compose: dict[str, Any]) -> None:
    known = _settings_env_names()
    used: set[str] = set()
    for service in compose["services"].values():
        env = service.get("environment", {})
        assert isinstance(env, dict), "environment as a mapping, so anchors merge"
        used |= {key for key in env if key.startswith("RENOFLOW_")}
    for text in _strings(compose):
        used |= {m.group(1) for m in VARIABLE.finditer(text) if m.group(1).startswith("RENOFLOW_")}
    for script in (DEPLOY / "postgres" / "01-roles-and-databases.sh", DEPLOY / "minio" / "init.sh"):
        used |= set(re.findall(r"\bRENOFLOW_[A-Z][A-Z0-9_]*", script.read_text(encoding="utf-8")))
    unknown = {name for name in used if name not in known and name not in PENDING_SETTINGS}
    assert not unknown, f"not fields of shared.settings.Settings: {sorted(unknown)}"


def test_secrets_are_required_never_defaulted(compose: dict[str, Any]) -> None:
    referenced: set[str] = set()
    for text in _strings(compose):
        for match in VARIABLE.finditer(text):
            name, modifier = match.groups()
            if name in SECRETS:
                referenced.add(name)
                assert modifier.startswith(":?"), f"${{{name}{modifier}}} must be required (:?)"
    assert referenced == SECRETS
    for name, service in compose["services"].items():
        for key, value in service.get("environment", {}).items():
            if re.search(r"PASSWORD|SECRET", key):
                assert VARIABLE.search(str(value)), f"{name}: {key} is a literal, not a required variable"


def test_postgres_init_creates_roles_and_databases(services: dict[str, Any]) -> None:
    volumes = services["postgres"]["volumes"]
    assert "./deploy/postgres:/docker-entrypoint-initdb.d:ro" in volumes
    script = DEPLOY / "postgres" / "01-roles-and-databases.sh"
    assert script.stat().st_mode & 0o111, "the entrypoint runs executable scripts, sources others"
    text = script.read_text(encoding="utf-8")
    for role in ("renoflow_owner", "renoflow_app", "renoflow_relay"):
        assert role in text
    assert "renoflow_relay LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS" in text
    assert "renoflow_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS" in text
    default = re.search(r'SERVICE_DATABASES:-([a-z ]+)\}', text)
    assert default and set(default.group(1).split()) == set(SERVICE_NAMES)
    bash = shutil.which("bash")
    if bash:
        subprocess.run([bash, "-n", str(script)], check=True)


def test_minio_init_grants_only_the_tenant_buckets(services: dict[str, Any]) -> None:
    policy = json.loads((DEPLOY / "minio" / "renoflow-documents-policy.json").read_text(encoding="utf-8"))
    full = next(s for s in policy["Statement"] if s["Action"] == ["s3:*"])
    assert full["Resource"] == ["arn:aws:s3:::renoflow-*", "arn:aws:s3:::renoflow-*/*"]
    app_env = services["sales"]["environment"]
    assert app_env["RENOFLOW_MINIO_BUCKET_PREFIX"] == "renoflow-"
    assert app_env["RENOFLOW_MINIO_ACCESS_KEY"] == services["minio-init"]["environment"]["RENOFLOW_MINIO_ACCESS_KEY"]


def test_keycloak_health_and_realm_import(services: dict[str, Any]) -> None:
    keycloak = services["keycloak"]
    env = keycloak["environment"]
    assert env["KC_HEALTH_ENABLED"] == "true"
    assert "/dev/tcp/127.0.0.1/9000" in keycloak["healthcheck"]["test"][-1]
    assert keycloak["volumes"] == [f"./deploy/keycloak/renoflow-realm.json:{REALM_IMPORT}:ro"]
    issuer = services["gateway"]["environment"]["RENOFLOW_OIDC_ISSUER"]
    assert issuer == f"{env['KC_HOSTNAME']}/realms/renoflow", "iss of Keycloak's tokens is what the gateway trusts"


def test_nameko_config_reads_the_broker_from_settings_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    from nameko.cli.main import setup_yaml_parser

    setup_yaml_parser()
    monkeypatch.setenv("RENOFLOW_AMQP_URI", "amqp://renoflow:p#a: ss@rabbitmq:5672/")
    config = yaml.safe_load((DEPLOY / "nameko.yaml").read_text(encoding="utf-8"))
    assert config["AMQP_URI"] == "amqp://renoflow:p#a: ss@rabbitmq:5672/"
    assert config["max_workers"] == 10


def test_collector_sends_traces_to_jaeger() -> None:
    config = yaml.safe_load((DEPLOY / "otel" / "collector.yaml").read_text(encoding="utf-8"))
    assert config["receivers"]["otlp"]["protocols"]["http"]["endpoint"] == "0.0.0.0:4318"
    exporters = config["service"]["pipelines"]["traces"]["exporters"]
    assert [config["exporters"][e]["endpoint"] for e in exporters] == ["jaeger:4317"]


def test_dockerfile_is_pinned_slim_and_unprivileged() -> None:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    bases = re.findall(r"^FROM\s+(\S+)", text, flags=re.MULTILINE)
    assert bases and all(re.fullmatch(r"python:3\.11\.\d+-slim(-\w+)?", b) for b in bases), bases
    installs = [line for line in text.splitlines() if "pip install" in line]
    assert installs and all("-c constraints.txt ." in line for line in installs)
    assert not any("[dev]" in line for line in installs), "no test or lint tools in the image"
    user = re.findall(r"^USER\s+(\S+)", text, flags=re.MULTILINE)
    assert user and not user[-1].startswith(("root", "0")), "the image runs as an unprivileged user"
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", ".env", "var"} <= set(ignored)


# --- deploy/keycloak/renoflow-realm.json ----------------------------------------------------

def test_realm_files_are_what_the_generator_writes() -> None:
    spec = importlib.util.spec_from_file_location("generate_realm", DEPLOY / "keycloak" / "generate_realm.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    hint = "run python deploy/keycloak/generate_realm.py and commit the result"
    assert json.loads(REALM_FILE.read_text(encoding="utf-8")) == module.realm(), hint
    assert json.loads(DEMO_REALM_FILE.read_text(encoding="utf-8")) == module.realm(with_demo_users=True), hint


def test_H6_the_realm_compose_imports_has_no_demo_user_or_tenant() -> None:
    production = json.loads(REALM_FILE.read_text(encoding="utf-8"))
    assert production["users"] == [] and production["organizations"] == []
    assert '"demo"' not in REALM_FILE.read_text(encoding="utf-8"), "no demo password or tenant alias"


def test_H6_demo_data_comes_only_with_the_demo_overlay(services: dict[str, Any], overlay: dict[str, Any]) -> None:
    assert services["demo-seed"]["profiles"] == ["demo"]
    # In the production stack the seed refuses (RENOFLOW_ENVIRONMENT=production); the overlay lets it run.
    assert services["demo-seed"]["environment"]["RENOFLOW_ENVIRONMENT"] == "production"
    assert set(overlay["services"]) == {"keycloak", "demo-seed"}, "the overlay changes nothing else"
    assert overlay["services"]["keycloak"]["volumes"] == [
        f"./deploy/keycloak/renoflow-realm-demo.json:{REALM_IMPORT}:ro"]
    assert overlay["services"]["demo-seed"]["environment"] == {"RENOFLOW_ENVIRONMENT": "development"}


def test_H6_realm_brute_force_protection_is_the_embedded_providers(realm: dict[str, Any]) -> None:
    # api.md "Hardening": 10 consecutive failures lock a user for at least 60 s, in both providers.
    defaults = Settings()
    assert realm["bruteForceProtected"] is True and realm["permanentLockout"] is False
    assert realm["bruteForceStrategy"] == "MULTIPLE"
    assert (realm["failureFactor"], realm["waitIncrementSeconds"], realm["maxFailureWaitSeconds"],
            realm["maxDeltaTimeSeconds"]) == (
        defaults.brute_force_failure_factor, defaults.brute_force_wait_increment_seconds,
        defaults.brute_force_max_failure_wait_seconds, defaults.brute_force_max_delta_time_seconds) == (
        10, 60, 900, 43200)


def test_realm_roles_are_those_of_domain_md(realm: dict[str, Any]) -> None:
    assert realm["realm"] == "renoflow"
    assert {role["name"] for role in realm["roles"]["realm"]} == REALM_ROLES


def test_client_renoflow_web(realm: dict[str, Any]) -> None:
    (client,) = [c for c in realm["clients"] if c["clientId"] == "renoflow-web"]
    assert client["publicClient"] and client["directAccessGrantsEnabled"] and client["standardFlowEnabled"]
    assert not client["implicitFlowEnabled"]
    # The portal's code flow: PKCE S256 required, exact redirect URIs (no wildcard), CORS for its origin.
    assert client["attributes"]["pkce.code.challenge.method"] == "S256"
    assert client["redirectUris"] == ["http://localhost:8000/", "http://127.0.0.1:8000/"]
    assert not any("*" in uri for uri in client["redirectUris"] + client["webOrigins"])
    assert client["attributes"]["post.logout.redirect.uris"].split("##") == client["redirectUris"]
    assert set(client["webOrigins"]) == {uri.rstrip("/") for uri in client["redirectUris"]}
    mappers = {m["protocolMapper"]: m["config"] for m in client["protocolMappers"]}
    audience = mappers["oidc-audience-mapper"]
    assert audience["included.custom.audience"] == "renoflow-api"
    assert audience["access.token.claim"] == "true"
    stores = mappers["oidc-usermodel-attribute-mapper"]
    assert (stores["user.attribute"], stores["claim.name"], stores["multivalued"]) == ("stores", "stores", "true")
    organization = mappers["oidc-organization-membership-mapper"]
    assert (organization["claim.name"], organization["multivalued"]) == ("organization", "true")
    # The organization mapper maps nothing unless an organization scope is in the token's scope;
    # and the built-in scopes (basic: sub, roles: realm_access) exist only when the realm declares none.
    assert {"organization", "basic", "roles"} <= set(client["defaultClientScopes"])
    assert "clientScopes" not in realm


def test_stores_attribute_is_in_the_user_profile(realm: dict[str, Any]) -> None:
    (component,) = realm["components"]["org.keycloak.userprofile.UserProfileProvider"]
    profile = json.loads(component["config"]["kc.user.profile.config"][0])
    stores = next(a for a in profile["attributes"] if a["name"] == "stores")
    assert stores["multivalued"] is True
    assert stores["permissions"]["edit"] == ["admin"], "a user must not widen their own stores"


def test_every_demo_user_of_api_md_in_the_demo_realm(demo_realm: dict[str, Any]) -> None:
    realm = demo_realm
    users = {u["username"]: u for u in realm["users"]}
    assert set(users) == set(DEMO_USERS)
    members = {
        org["alias"]: {m["username"] for m in org["members"]} for org in realm["organizations"]
    }
    assert realm["organizationsEnabled"] is True
    assert {org["alias"]: org["name"] for org in realm["organizations"]} == {"demo": "示范装饰", "other": "另一家装饰"}
    for username, (tenant, role, stores) in DEMO_USERS.items():
        user = users[username]
        assert username == username.lower(), "Keycloak lower-cases usernames"
        assert user["realmRoles"] == [role]
        assert user["attributes"]["stores"] == stores
        assert user["credentials"] == [{"type": "password", "value": "demo", "temporary": False}]
        assert user["email"] and user["firstName"] and user["lastName"], "or Keycloak asks for them first"
        # In several organizations Keycloak omits the claim (keycloak#43635): exactly one.
        assert [alias for alias, names in members.items() if username in names] == [tenant]


# --- the compose file through a real Compose implementation ---------------------------------

def _compose_v2() -> bool:
    docker = shutil.which("docker")
    if docker is None:
        return False
    result = subprocess.run([docker, "compose", "version"], capture_output=True, text=True, check=False)
    return result.returncode == 0


def test_compose_implementation_accepts_the_file_and_requires_its_secrets(tmp_path: Path) -> None:
    # The docker CLI's compose plugin where it exists; otherwise Debian's docker-compose 1.29
    # (scripts/system-packages installs it for CI), which checks the Compose schema and the
    # ${VAR:?} interpolation offline. 1.29 predates the top-level `name:` (the project name), so
    # that one line is left out of the copy it checks; --project-directory keeps relative paths.
    dummies = {name: "dummy-value-for-config-check" for name in SECRETS}
    if _compose_v2():
        # An empty --env-file, so a developer's own .env beside the compose file changes nothing here.
        empty = tmp_path / "empty.env"
        empty.write_text("", encoding="utf-8")
        command = ["docker", "compose", "--env-file", str(empty), "-f", str(COMPOSE), "config", "-q"]
        base = {"PATH": str(Path(shutil.which("docker") or "docker").parent), "HOME": str(tmp_path)}
        cwd = ROOT
    elif shutil.which("docker-compose"):
        copy = tmp_path / "docker-compose.yml"
        copy.write_text("".join(line for line in COMPOSE.read_text(encoding="utf-8").splitlines(keepends=True)
                                if not line.startswith("name:")), encoding="utf-8")
        command = ["docker-compose", "-f", str(copy), "--project-directory", str(ROOT), "config", "-q"]
        base = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
        cwd = tmp_path
    else:
        require("no Compose implementation: neither `docker compose` nor Debian's docker-compose is installed")
        return
    result = subprocess.run(command, cwd=cwd, env=base | dummies, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    missing = subprocess.run(command, cwd=cwd, env=base, capture_output=True, text=True, check=False)
    said = (missing.stderr + missing.stdout).lower()
    assert missing.returncode != 0 and ("required" in said or "mandatory" in said), \
        "secrets without a value must stop compose"


def test_H6_docker_compose_v1_merges_the_demo_overlay(tmp_path: Path) -> None:
    # What compose itself makes of both files: Keycloak imports only the demo realm, and the
    # seed runs outside production while every other container stays in it.
    if shutil.which("docker-compose") is None:
        require("docker-compose (Debian's package) is not installed; scripts/system-packages installs it")
    copy = tmp_path / "docker-compose.yml"
    copy.write_text("".join(line for line in COMPOSE.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not line.startswith("name:")), encoding="utf-8")
    command = ["docker-compose", "-f", str(copy), "-f", str(DEMO_OVERLAY), "--project-directory", str(ROOT),
               "--profile", "demo", "config"]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)} | {name: "dummy-value-for-config-check" for name in SECRETS}
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    merged = yaml.safe_load(result.stdout)["services"]
    assert merged["keycloak"]["volumes"] == [f"{DEMO_REALM_FILE}:{REALM_IMPORT}:ro"]
    assert merged["demo-seed"]["environment"]["RENOFLOW_ENVIRONMENT"] == "development"
    assert merged["gateway"]["environment"]["RENOFLOW_ENVIRONMENT"] == "production"
