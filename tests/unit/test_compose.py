"""docker-compose.yml and deploy/, checked for structure: no Docker engine runs where the tests do.

What a container run would show first, caught here instead: a missing service, a floating image
tag, a dependency that does not wait for health, a secret with a default or in a container that
has no use for it, an environment name the settings do not know, a realm without the audience
mapper or PKCE, a demo user in the production realm or a demo user of api.md missing from the
demo overlay's. The files are also checked against the Compose Specification's JSON Schema (the
schema Compose v2 implements, vendored as compose-spec.json) and run through a real Compose
implementation's `config`, base and demo overlay merged.
"""

from __future__ import annotations

import hashlib
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
#: compose-spec/compose-spec, schema/compose-spec.json at 170098ba07d9 (2026-06-23), Apache-2.0.
COMPOSE_SPEC_SCHEMA = Path(__file__).with_name("compose-spec.json")
COMPOSE = ROOT / "docker-compose.yml"
DEMO_OVERLAY = ROOT / "docker-compose.demo.yml"
DEPLOY = ROOT / "deploy"
REALM_FILE = DEPLOY / "keycloak" / "renoflow-realm.json"
DEMO_REALM_FILE = DEPLOY / "keycloak" / "renoflow-realm-demo.json"
REALM_IMPORT = "/opt/keycloak/data/import/renoflow-realm.json"

SERVICES = SERVICE_NAMES
EXPECTED_CONTAINERS = {
    "postgres", "rabbitmq", "seaweedfs", "keycloak", "otel-collector", "jaeger", "gateway", "migrate", *SERVICES,
    "prometheus", "grafana",
}
ONE_SHOT = {"migrate", "seaweedfs-init", "demo-seed"}
# Distroless image without a shell or HTTP client; nothing depends on it (see the compose file).
NO_HEALTHCHECK_POSSIBLE = {"otel-collector"}
APP_CONTAINERS = {"gateway", "migrate", *SERVICES}

#: Each database's pair of login roles (decision 0041), under the names .env and the provisioner use.
DATABASE_PASSWORD = "RENOFLOW_DATABASE_PASSWORDS__{}_{}"
SERVICE_DATABASE_SECRETS = {name: {DATABASE_PASSWORD.format(name.upper(), kind) for kind in ("APP", "RELAY")}
                            for name in SERVICES}
GATEWAY_DATABASE_SECRET = DATABASE_PASSWORD.format("GATEWAY", "APP")
ALL_DATABASE_SECRETS = {GATEWAY_DATABASE_SECRET}.union(*SERVICE_DATABASE_SECRETS.values())
SECRETS = {
    "POSTGRES_PASSWORD", "RABBITMQ_PASSWORD", "S3_ADMIN_SECRET_KEY", "KEYCLOAK_ADMIN_PASSWORD",
    "KEYCLOAK_DB_PASSWORD", "RENOFLOW_DATABASE_OWNER_PASSWORD", "RENOFLOW_MINIO_SECRET_KEY",
    "RENOFLOW_KEYCLOAK_ADMIN_CLIENT_SECRET", "GRAFANA_ADMIN_PASSWORD", *ALL_DATABASE_SECRETS,
}
# Which secrets each container receives, and no other (issue 12): a service its own database
# roles' passwords and no other service's; the relay roles bypass row-level security, so only the
# processes that run an outbox relay (the services) and the one that sets their passwords
# (migrate) know them; the object store's key goes where documents are.
SECRETS_OF = {
    "postgres": {"POSTGRES_PASSWORD", "RENOFLOW_DATABASE_OWNER_PASSWORD", "KEYCLOAK_DB_PASSWORD"},
    "rabbitmq": {"RABBITMQ_PASSWORD"},
    "seaweedfs": set(),
    "seaweedfs-init": {"S3_ADMIN_SECRET_KEY", "RENOFLOW_MINIO_SECRET_KEY"},
    "keycloak": {"KEYCLOAK_DB_PASSWORD", "KEYCLOAK_ADMIN_PASSWORD", "RENOFLOW_KEYCLOAK_ADMIN_CLIENT_SECRET"},
    "jaeger": set(),
    "otel-collector": set(),
    "prometheus": set(),
    "grafana": {"GRAFANA_ADMIN_PASSWORD"},
    "migrate": {"POSTGRES_PASSWORD", "RABBITMQ_PASSWORD", "RENOFLOW_DATABASE_OWNER_PASSWORD", *ALL_DATABASE_SECRETS},
    # The gateway administers tenants on Keycloak (`renoflow tenants create` runs in it too).
    "gateway": {"RABBITMQ_PASSWORD", GATEWAY_DATABASE_SECRET, "RENOFLOW_MINIO_SECRET_KEY",
                "RENOFLOW_KEYCLOAK_ADMIN_CLIENT_SECRET"},
    # It writes the demo tenants into the gateway's directory.
    "demo-seed": {"RABBITMQ_PASSWORD", GATEWAY_DATABASE_SECRET, "RENOFLOW_MINIO_SECRET_KEY"},
    **{name: {"RABBITMQ_PASSWORD", "RENOFLOW_MINIO_SECRET_KEY", *SERVICE_DATABASE_SECRETS[name]} for name in SERVICES},
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
    # database_passwords is a mapping read as RENOFLOW_DATABASE_PASSWORDS__<SERVICE>_<APP|RELAY>.
    return {f"RENOFLOW_{name.upper()}" for name in Settings.model_fields} | ALL_DATABASE_SECRETS


# --- docker-compose.yml ------------------------------------------------------------------------

def test_every_expected_service_is_there(services: dict[str, Any]) -> None:
    assert EXPECTED_CONTAINERS <= set(services), EXPECTED_CONTAINERS - set(services)


def _tagged(image: str) -> str:
    """``name:tag`` of an image reference, without the ``@sha256:…`` scripts/pin-image-digests adds."""
    reference, _, digest = image.partition("@")
    assert not digest or re.fullmatch(r"sha256:[0-9a-f]{64}", digest), f"{image}: malformed digest"
    return reference


def test_images_are_pinned(services: dict[str, Any]) -> None:
    for name, service in services.items():
        image = service.get("image")
        assert image, f"{name} has no image"
        repository, _, tag = _tagged(image).rpartition(":")
        assert repository and "/" not in tag, f"{name}: {image} has no tag"
        assert tag != "latest" and re.search(r"\d", tag), f"{name}: {image} is not pinned to a version"
        # An exact version, never a moving minor tag such as "16" or "2".
        assert re.search(r"\d+\.\d+", tag), f"{name}: {image} is not pinned to an exact version"


def test_versions_the_architecture_names(services: dict[str, Any]) -> None:
    assert _tagged(services["postgres"]["image"]).startswith("postgres:16.")
    assert _tagged(services["keycloak"]["image"]).startswith("quay.io/keycloak/keycloak:26.")
    assert re.fullmatch(r"rabbitmq:(3\.13|4\.\d+)\.\d+-management", _tagged(services["rabbitmq"]["image"]))
    # Current images (issue 12): MinIO publishes none any more, Jaeger 1.x reached its end of life.
    images = " ".join(service["image"] for service in services.values())
    assert "minio/" not in images and "jaegertracing/all-in-one" not in images
    assert re.fullmatch(r"chrislusf/seaweedfs:\d+\.\d+", _tagged(services["seaweedfs"]["image"]))
    assert services["seaweedfs-init"]["image"] == services["seaweedfs"]["image"]
    assert re.fullmatch(r"jaegertracing/jaeger:2\.\d+\.\d+", _tagged(services["jaeger"]["image"]))


def test_pin_image_digests_rewrites_every_registry_image_and_leaves_the_own_image(tmp_path: Path) -> None:
    # A stand-in `crane` (one of the resolvers the script knows) answers a digest per reference.
    for name in ("docker-compose.yml", "docker-compose.demo.yml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    (tmp_path / "deploy").mkdir()
    shutil.copy2(DEPLOY / "Dockerfile", tmp_path / "deploy" / "Dockerfile")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    crane = bin_dir / "crane"
    crane.write_text('#!/bin/sh\nprintf "sha256:%s\\n" "$(printf %s "$2" | sha256sum | cut -c1-64)"\n')
    crane.chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path)}
    script = [shutil.which("python3") or "python3", str(ROOT / "scripts" / "pin-image-digests"),
              "--root", str(tmp_path)]
    assert subprocess.run([*script, "--check"], env=env, capture_output=True, check=False).returncode == 1
    done = subprocess.run(script, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert subprocess.run([*script, "--check"], env=env, capture_output=True, check=False).returncode == 0
    pinned = yaml.safe_load((tmp_path / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    for name, service in pinned.items():
        image = service["image"]
        if image.startswith("renoflow:"):
            assert "@" not in image, "the application's own image is built, not pulled"
            continue
        tagged = _tagged(image)
        assert tagged == _tagged(yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"][name]["image"])
        assert image == f"{tagged}@sha256:{hashlib.sha256(tagged.encode()).hexdigest()}"
    assert "python:3.11.14-slim-bookworm@sha256:" in (tmp_path / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    # Run again: still one digest per reference, resolved afresh from the tag.
    assert subprocess.run(script, env=env, capture_output=True, check=False).returncode == 0
    assert (tmp_path / "docker-compose.yml").read_text(encoding="utf-8").count("@sha256:") == sum(
        1 for s in pinned.values() if not s["image"].startswith("renoflow:"))


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
        assert depends["seaweedfs"]["condition"] == "service_healthy"
    assert set(SERVICES) <= set(services["gateway"]["depends_on"])


def test_migrate_waits_for_the_broker_too_because_it_declares_the_queues(services: dict[str, Any]) -> None:
    assert services["migrate"]["depends_on"] == {
        "postgres": {"condition": "service_healthy"}, "rabbitmq": {"condition": "service_healthy"}}
    assert services["seaweedfs"]["depends_on"] == {"seaweedfs-init": {"condition": "service_completed_successfully"}}


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
        assert env["RENOFLOW_LOG_FORMAT"] == "json", f"{name}: JSON lines with trace and tenant ids"
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
    for script in (DEPLOY / "postgres" / "01-roles-and-databases.sh", DEPLOY / "seaweedfs" / "init.sh"):
        used |= set(re.findall(r"\bRENOFLOW_[A-Z][A-Z0-9_]*", script.read_text(encoding="utf-8")))
    unknown = used - known
    assert not unknown, f"not fields of shared.settings.Settings: {sorted(unknown)}"
    # And the values parse: the application containers' environment is a valid Settings.
    for name in APP_CONTAINERS:
        env = {k: v for k, v in compose["services"][name]["environment"].items() if k.startswith("RENOFLOW_")}
        values = {k.removeprefix("RENOFLOW_").lower(): VARIABLE.sub("x", str(v)) for k, v in env.items()}
        Settings.model_validate(values)


def test_H6_each_container_gets_only_its_own_secrets(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        text = " ".join(_strings(service.get("environment", {})))
        given = {m.group(1) for m in VARIABLE.finditer(text) if m.group(1) in SECRETS}
        assert given == SECRETS_OF[name], f"{name}: gets {sorted(given)}, should get {sorted(SECRETS_OF[name])}"
    gateway = compose["services"]["gateway"]["environment"]
    assert "RENOFLOW_DATABASE_RELAY_PASSWORD" not in gateway, "the gateway must never hold an RLS-bypassing role"
    assert "RENOFLOW_DATABASE_OWNER_PASSWORD" not in gateway
    # A process reads its own pair under the two generic names: each service's are its own roles'.
    for name in SERVICES:
        env = compose["services"][name]["environment"]
        for kind in ("APP", "RELAY"):
            given = VARIABLE.search(str(env[f"RENOFLOW_DATABASE_{kind}_PASSWORD"]))
            assert given and given.group(1) == DATABASE_PASSWORD.format(name.upper(), kind), name
    assert VARIABLE.search(str(gateway["RENOFLOW_DATABASE_APP_PASSWORD"])).group(1) == GATEWAY_DATABASE_SECRET  # type: ignore[union-attr]
    # The provisioner reads every pair under the per-service names (Settings.database_passwords).
    migrate = compose["services"]["migrate"]["environment"]
    assert ALL_DATABASE_SECRETS <= set(migrate)
    assert not {"RENOFLOW_DATABASE_APP_PASSWORD", "RENOFLOW_DATABASE_RELAY_PASSWORD"} & set(migrate)
    # The shared URL names the server only: every password reaches a process through its own variable.
    assert compose["services"]["sales"]["environment"]["RENOFLOW_DATABASE_URL"] == "postgresql://postgres:5432"


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
    assert "renoflow_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS" in text
    # The per-service pairs are the provisioner's (decision 0041); the shared roles of before are gone.
    for gone in ("renoflow_app", "renoflow_relay", " BYPASSRLS", "GRANT CONNECT"):
        assert gone not in text, gone
    default = re.search(r'SERVICE_DATABASES:-([a-z ]+)\}', text)
    assert default and set(default.group(1).split()) == set(SERVICE_NAMES)
    bash = shutil.which("bash")
    if bash:
        subprocess.run([bash, "-n", str(script)], check=True)


def _run_seaweedfs_init(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    values = {"S3_ADMIN_ACCESS_KEY": "renoflow-admin", "S3_ADMIN_SECRET_KEY": "a" * 48,
              "RENOFLOW_MINIO_ACCESS_KEY": "renoflow-app", "RENOFLOW_MINIO_SECRET_KEY": "b" * 48,
              "RENOFLOW_MINIO_BUCKET_PREFIX": "renoflow-", "S3_CONFIG_FILE": str(tmp_path / "s3.json")}
    return subprocess.run(["sh", str(DEPLOY / "seaweedfs" / "init.sh")], env={"PATH": "/usr/bin:/bin", **values, **env},
                          capture_output=True, text=True, check=False)


def test_seaweedfs_init_grants_the_application_only_the_tenant_buckets(services: dict[str, Any],
                                                                       tmp_path: Path) -> None:
    init = services["seaweedfs-init"]
    assert init["entrypoint"] == ["/bin/sh", "/deploy/seaweedfs/init.sh"]
    assert "-s3.config=/etc/seaweedfs/s3/s3.json" in services["seaweedfs"]["command"]
    assert "seaweedfs-config:/etc/seaweedfs/s3:ro" in services["seaweedfs"]["volumes"]
    done = _run_seaweedfs_init(tmp_path)
    assert done.returncode == 0, done.stderr
    config = json.loads((tmp_path / "s3.json").read_text(encoding="utf-8"))
    identities = {i["name"]: i for i in config["identities"]}
    assert set(identities) == {"renoflow-admin", "renoflow-app"}, "no anonymous identity"
    app = identities["renoflow-app"]
    assert app["credentials"] == [{"accessKey": "renoflow-app", "secretKey": "b" * 48}]
    assert all(action.endswith(":renoflow-*") for action in app["actions"]), app["actions"]
    assert (tmp_path / "s3.json").stat().st_mode & 0o077 == 0, "the keys file is for its owner only"
    app_env = services["sales"]["environment"]
    assert app_env["RENOFLOW_MINIO_BUCKET_PREFIX"] == init["environment"]["RENOFLOW_MINIO_BUCKET_PREFIX"] == "renoflow-"
    assert app_env["RENOFLOW_MINIO_ACCESS_KEY"] == init["environment"]["RENOFLOW_MINIO_ACCESS_KEY"]
    assert app_env["RENOFLOW_MINIO_ENDPOINT"] == "seaweedfs:8333"
    assert app_env["RENOFLOW_MINIO_OBJECT_LOCK"] == "true"


@pytest.mark.parametrize("env", [{"RENOFLOW_MINIO_SECRET_KEY": 'x", "actions": ["Admin'},
                                 {"S3_ADMIN_SECRET_KEY": "b" * 48},  # the same as the application's
                                 {"RENOFLOW_MINIO_SECRET_KEY": ""}])
def test_seaweedfs_init_refuses_keys_that_would_break_or_widen_the_identities(tmp_path: Path,
                                                                              env: dict[str, str]) -> None:
    assert _run_seaweedfs_init(tmp_path, **env).returncode != 0
    assert not (tmp_path / "s3.json").exists()


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
    assert bases and all(re.fullmatch(r"python:3\.11\.\d+-slim(-\w+)?", _tagged(b)) for b in bases), bases
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


def _people(realm: dict[str, Any]) -> list[dict[str, Any]]:
    return [u for u in realm["users"] if "serviceAccountClientId" not in u]


def test_H6_the_realm_compose_imports_has_no_demo_user_or_tenant() -> None:
    production = json.loads(REALM_FILE.read_text(encoding="utf-8"))
    assert _people(production) == [] and production["organizations"] == []
    assert not any("credentials" in u for u in production["users"]), "no password at all"
    assert '"demo"' not in REALM_FILE.read_text(encoding="utf-8"), "no demo password or tenant alias"


def test_tenant_administration_client_is_confidential_with_its_secret_from_the_environment(
        realm: dict[str, Any], services: dict[str, Any]) -> None:
    (client,) = [c for c in realm["clients"] if c["clientId"] == "renoflow-admin"]
    assert client["publicClient"] is False and client["serviceAccountsEnabled"] is True
    assert not (client["standardFlowEnabled"] or client["directAccessGrantsEnabled"] or client["implicitFlowEnabled"])
    # Keycloak resolves the placeholder from its environment at import: no secret in the repository.
    assert client["secret"] == "${RENOFLOW_KEYCLOAK_ADMIN_CLIENT_SECRET}"
    assert "RENOFLOW_KEYCLOAK_ADMIN_CLIENT_SECRET" in services["keycloak"]["environment"]
    (account,) = [u for u in realm["users"] if u.get("serviceAccountClientId") == "renoflow-admin"]
    assert set(account["clientRoles"]["realm-management"]) == {"manage-users", "view-users", "query-users",
                                                                "manage-realm"}
    gateway = services["gateway"]["environment"]
    assert gateway["RENOFLOW_KEYCLOAK_URL"] == services["keycloak"]["environment"]["KC_HOSTNAME"]
    assert Settings().keycloak_admin_client_id == client["clientId"]


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
    users = {u["username"]: u for u in _people(realm)}
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


# --- the compose files through a real Compose implementation and the Compose schema -----------

def _compose_v2() -> bool:
    docker = shutil.which("docker")
    if docker is None:
        return False
    result = subprocess.run([docker, "compose", "version"], capture_output=True, text=True, check=False)
    return result.returncode == 0


def _compose(tmp_path: Path, *files: Path, extra: tuple[str, ...] = ()) -> tuple[list[str], dict[str, str], Path]:
    """A `config` command of the installed Compose implementation over ``files``, its base env and cwd.

    The docker CLI's compose plugin (Compose v2) where it exists; otherwise Debian's
    docker-compose 1.29 (scripts/system-packages installs it for CI), which checks the legacy
    schema and the ${VAR:?} interpolation offline. 1.29 predates the top-level `name:` (the
    project name), so that one line is left out of the copy it reads; --project-directory keeps
    relative paths. The Compose Specification's own schema is checked apart, in every case.
    """
    if _compose_v2():
        # An empty --env-file, so a developer's own .env beside the compose file changes nothing here.
        empty = tmp_path / "empty.env"
        empty.write_text("", encoding="utf-8")
        command = ["docker", "compose", "--env-file", str(empty)]
        for f in files:
            command += ["-f", str(f)]
        base = {"PATH": str(Path(shutil.which("docker") or "docker").parent), "HOME": str(tmp_path)}
        return [*command, *extra, "config"], base, ROOT
    if shutil.which("docker-compose"):
        command = ["docker-compose"]
        for f in files:
            copy = tmp_path / f.name
            copy.write_text("".join(line for line in f.read_text(encoding="utf-8").splitlines(keepends=True)
                                    if not line.startswith("name:")), encoding="utf-8")
            command += ["-f", str(copy)]
        base = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
        return [*command, "--project-directory", str(ROOT), *extra, "config"], base, tmp_path
    require("no Compose implementation: neither `docker compose` nor Debian's docker-compose is installed")
    raise AssertionError("unreachable")


def _secret_values() -> dict[str, str]:
    # A distinct value per secret, so the merged output shows which container got which.
    return {name: f"dummy-{name.lower().replace('_', '-')}-for-config" for name in SECRETS}


def test_compose_implementation_accepts_the_file_and_requires_its_secrets(tmp_path: Path) -> None:
    command, base, cwd = _compose(tmp_path, COMPOSE)
    result = subprocess.run([*command, "-q"], cwd=cwd, env=base | _secret_values(), capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    missing = subprocess.run([*command, "-q"], cwd=cwd, env=base, capture_output=True, text=True, check=False)
    said = (missing.stderr + missing.stdout).lower()
    assert missing.returncode != 0 and ("required" in said or "mandatory" in said), \
        "secrets without a value must stop compose"


@pytest.fixture(scope="module")
def merged_demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What the Compose implementation makes of base + demo overlay with the demo profile."""
    tmp_path = tmp_path_factory.mktemp("compose")
    command, base, cwd = _compose(tmp_path, COMPOSE, DEMO_OVERLAY, extra=("--profile", "demo"))
    result = subprocess.run(command, cwd=cwd, env=base | _secret_values(), capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    document = yaml.safe_load(result.stdout)
    assert isinstance(document, dict)
    return document


def test_H6_docker_compose_merges_the_demo_overlay(merged_demo: dict[str, Any]) -> None:
    # What compose itself makes of both files: Keycloak imports only the demo realm, and the
    # seed runs outside production while every other container stays in it.
    merged = merged_demo["services"]
    assert merged["keycloak"]["volumes"] in (
        [f"{DEMO_REALM_FILE}:{REALM_IMPORT}:ro"],  # 1.29's short form
        [{"type": "bind", "source": str(DEMO_REALM_FILE), "target": REALM_IMPORT, "read_only": True,
          "bind": {"create_host_path": True}}])  # v2's long form
    assert merged["demo-seed"]["environment"]["RENOFLOW_ENVIRONMENT"] == "development"
    assert merged["gateway"]["environment"]["RENOFLOW_ENVIRONMENT"] == "production"
    assert set(SECRETS_OF) == set(merged), "every container of the merged stack is accounted for"


def test_H6_in_the_merged_stack_each_container_holds_only_its_own_secrets(merged_demo: dict[str, Any]) -> None:
    values = _secret_values()
    for name, service in merged_demo["services"].items():
        text = " ".join(_strings(service.get("environment", {})))
        given = {secret for secret, value in values.items() if value in text}
        assert given == SECRETS_OF[name], f"{name}: {sorted(given ^ SECRETS_OF[name])}"


def _schema_errors(document: Any) -> list[str]:
    from jsonschema import Draft7Validator

    schema = json.loads(COMPOSE_SPEC_SCHEMA.read_text(encoding="utf-8"))
    validator = Draft7Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def test_compose_files_follow_the_compose_specification(compose: dict[str, Any], overlay: dict[str, Any],
                                                       merged_demo: dict[str, Any]) -> None:
    # The schema Compose v2 validates with: a key it does not know, a wrong type, a misspelt
    # condition or a healthcheck field in the wrong place are refused here, not at `up`.
    assert _schema_errors(compose) == []
    assert _schema_errors(overlay) == []
    assert _schema_errors(merged_demo) == []
    assert compose["name"] == "renoflow"


def test_the_compose_schema_check_refuses_what_compose_v2_refuses(compose: dict[str, Any]) -> None:
    # The check itself can fail: an unknown key, a bad condition and a mistyped field are caught.
    broken = json.loads(json.dumps(compose))
    broken["services"]["gateway"]["healthcheck"]["retry"] = 3
    broken["services"]["migrate"]["depends_on"]["postgres"]["condition"] = "service_ready"
    broken["services"]["postgres"]["restart"] = ["not-a-policy"]
    errors = " ".join(_schema_errors(broken))
    assert "retry" in errors and "service_ready" in errors and "not-a-policy" in errors
