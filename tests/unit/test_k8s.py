"""deploy/k8s, rendered and validated offline: no cluster, no kustomize binary needed.

Every overlay is rendered by deploy/k8s/render.py (and, where kubectl is installed, compared with
``kubectl kustomize``); every document is validated strictly: core kinds against the Kubernetes
JSON schemas that kubernetes-validate bundles, the operators' kinds against their published CRD
schemas in deploy/k8s/schemas (an unknown field fails, as it would be silently dropped by the API
server). Then what a cluster would show only at run time: an environment name the settings do not
know, a secret in the wrong process, a service without probes or a disruption budget, an issuer
that is not Keycloak's, a database the migrations expect and nobody declares.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from renoflow.services import MIGRATIONS, SERVICE_CLASSES, SERVICE_NAMES
from shared.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
BASE = K8S / "base"
OVERLAYS = sorted(p for p in (K8S / "overlays").iterdir() if p.is_dir())
SCHEMAS = K8S / "schemas"
KUBERNETES_VERSION = "1.33"

# Names the processes read that are not RenoFlow settings, each with who reads it.
OTHER_ENV_NAMES = {
    "NAMEKO_MAX_WORKERS": "deploy/nameko.yaml",
    "OTEL_EXPORTER_OTLP_ENDPOINT": "the OpenTelemetry exporter",
    "OTEL_RESOURCE_ATTRIBUTES": "the OpenTelemetry SDK",
    "FORWARDED_ALLOW_IPS": "uvicorn (gateway)",
    "PGSUPERUSER_PASSWORD": "the migrate Job's own $(…) expansion into RENOFLOW_DATABASE_URL",
}
# Secrets by holder; a process may reference only those of its kind: each process its own
# database pair's (decision 0041), migrate every pair's.
SUPERUSER_SECRET = "renoflow-pg-superuser"
SERVICE_DB_SECRETS = {name: {f"renoflow-db-role-{name}", f"renoflow-db-role-{name}-relay"} for name in SERVICE_NAMES}
GATEWAY_DB_SECRET = "renoflow-db-role-gateway"
RELAY_SECRETS = {f"renoflow-db-role-{name}-relay" for name in SERVICE_NAMES}
ALLOWED_SECRETS = {
    "gateway": {GATEWAY_DB_SECRET, "renoflow-rabbitmq-default-user", "renoflow-s3", "renoflow-keycloak-admin-client"},
    **{name: SERVICE_DB_SECRETS[name] | {"renoflow-rabbitmq-default-user", "renoflow-s3"} for name in SERVICE_NAMES},
    "migrate": {SUPERUSER_SECRET, GATEWAY_DB_SECRET, "renoflow-rabbitmq-default-user", "renoflow-s3"}.union(
        *SERVICE_DB_SECRETS.values()),
}
ALLOWED_SECRETS["notifications"] = ALLOWED_SECRETS["notifications"] | {"renoflow-smtp"}
#: Names the provisioner reads every pair's password under (Settings.database_passwords).
PROVISIONER_PASSWORD_NAMES = {f"RENOFLOW_DATABASE_PASSWORDS__{name.upper()}_{kind}"
                              for name in SERVICE_NAMES for kind in ("APP", "RELAY")} | {
    "RENOFLOW_DATABASE_PASSWORDS__GATEWAY_APP"}


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


render_module = _load("renoflow_k8s_render", K8S / "render.py")
realm_import_module = _load("renoflow_k8s_realm_import", K8S / "generate_realm_import.py")
migrations_ready = _load("renoflow_migrations_ready", ROOT / "deploy" / "migrations_ready.py")


@pytest.fixture(scope="module", params=[p.name for p in OVERLAYS])
def rendered(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    return render_module.render(K8S / "overlays" / request.param)


@pytest.fixture(scope="module")
def base() -> list[dict[str, Any]]:
    return render_module.render(BASE)


def _one(resources: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    found = [r for r in resources if r["kind"] == kind and r["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}: {len(found)} found"
    return found[0]


def _workloads(resources: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(resource, pod spec) of every Deployment and Job."""
    for r in resources:
        if r["kind"] in ("Deployment", "Job"):
            yield r, r["spec"]["template"]["spec"]


def _containers(pod: dict[str, Any]) -> list[dict[str, Any]]:
    return [*pod.get("initContainers", []), *pod["containers"]]


def _secret_refs(pod: dict[str, Any]) -> set[str]:
    refs = set()
    for container in _containers(pod):
        for env in container.get("env", []):
            ref = env.get("valueFrom", {}).get("secretKeyRef")
            if ref:
                refs.add(ref["name"])
        refs |= {src["secretRef"]["name"] for src in container.get("envFrom", []) if "secretRef" in src}
    refs |= {v["secret"]["secretName"] for v in pod.get("volumes", []) if "secret" in v}
    return refs


def _kind_of_process(resource: dict[str, Any]) -> str:
    name = resource["metadata"]["name"].removeprefix("renoflow-")
    assert name in {"gateway", "migrate", *SERVICE_NAMES}, f"unexpected workload {resource['metadata']['name']}"
    return name


# --- the renderer itself ----------------------------------------------------------------------

def _write(directory: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text, encoding="utf-8")
    return directory


DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {tier: front}
spec:
  replicas: 2
  template:
    spec:
      initContainers: [{name: init, image: "registry.local:5000/app:1"}]
      containers: [{name: web, image: app}, {name: side, image: other:2}]
"""


def test_renderer_applies_patches_images_labels_and_namespace(tmp_path: Path) -> None:
    _write(tmp_path, {
        "base/kustomization.yaml": "resources: [web.yaml]\nlabels: [{pairs: {part-of: x}}]\n",
        "base/web.yaml": DEPLOYMENT + "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ns}\n",
        "over/kustomization.yaml": """\
namespace: prod
resources: [../base]
images: [{name: app, newName: reg.example/app, newTag: "9"}, {name: registry.local:5000/app, digest: "sha256:ab"}]
patches:
  - target: {kind: Deployment, labelSelector: tier=front}
    patch: '[{op: replace, path: /spec/replicas, value: 5}]'
""",
    })
    deployment, namespace = render_module.render(tmp_path / "over")
    assert deployment["spec"]["replicas"] == 5
    assert deployment["metadata"]["namespace"] == "prod"
    assert "namespace" not in namespace["metadata"]  # cluster-scoped
    assert deployment["metadata"]["labels"] == {"tier": "front", "part-of": "x"}
    pod = deployment["spec"]["template"]["spec"]
    assert [c["image"] for c in pod["containers"]] == ["reg.example/app:9", "other:2"]
    assert pod["initContainers"][0]["image"] == "registry.local:5000/app@sha256:ab"


@pytest.mark.parametrize(("kustomization", "message"), [
    ("resources: [web.yaml]\nreplicas: [{name: web, count: 3}]\n", "unsupported kustomization fields"),
    ("resources: [web.yaml]\npatches: [{target: {kind: Service}, patch: '[]'}]\n", "matches no resource"),
    ("resources: [web.yaml]\npatches: [{target: {kind: Deployment}, patch: 'spec: {replicas: 3}'}]\n",
     "only JSON 6902"),
    ("resources: [web.yaml]\npatches: [{path: p.yaml}]\n", "without a target"),
    ("resources: [web.yaml]\npatches: [{target: {kind: Deployment}, "
     "patch: '[{op: replace, path: /spec/nothing/here, value: 1}]'}]\n", "patch on"),
    ("resources: [web.yaml, web.yaml]\n", "declared twice"),
    ("resources: [web.yaml]\nlabels: [{pairs: {a: b}, includeSelectors: true}]\n", "labels take only"),
])
def test_renderer_refuses_what_it_would_not_render_like_kustomize(tmp_path: Path, kustomization: str,
                                                                  message: str) -> None:
    _write(tmp_path, {"kustomization.yaml": kustomization, "web.yaml": DEPLOYMENT})
    with pytest.raises(render_module.KustomizeError, match=message):
        render_module.render(tmp_path)


def test_renderer_keeps_placeholders_whatever_else_registered_yaml_resolvers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # nameko's CLI adds a "${VAR}" resolver to yaml.SafeLoader for its config files; Kubernetes
    # never sees one, so the rendering must not either. (Copies, so the rest of the run keeps
    # the loader it had: nameko appends to these in place.)
    from nameko.cli.main import setup_yaml_parser

    monkeypatch.setattr(yaml.SafeLoader, "yaml_implicit_resolvers",
                        {k: list(v) for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()})
    monkeypatch.setattr(yaml.SafeLoader, "yaml_constructors", dict(yaml.SafeLoader.yaml_constructors))
    setup_yaml_parser()
    assert yaml.safe_load("a: ${RENOFLOW_NOT_SET}")["a"] != "${RENOFLOW_NOT_SET}"  # what it does
    _write(tmp_path, {"kustomization.yaml": "resources: [c.yaml]\n",
                      "c.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
                                "data:\n  a: ${RENOFLOW_NOT_SET}\n"})
    (config,) = render_module.render(tmp_path)
    assert config["data"]["a"] == "${RENOFLOW_NOT_SET}"


def _kubectl_kustomize(directory: Path) -> list[dict[str, Any]] | None:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        return None
    done = subprocess.run([kubectl, "kustomize", str(directory)], capture_output=True, text=True, timeout=120,
                          check=False)
    if done.returncode != 0 and "unknown command" in done.stderr:
        return None
    assert done.returncode == 0, done.stderr
    return render_module.load_yaml_all(done.stdout)


@pytest.mark.parametrize("overlay", [p.name for p in OVERLAYS])
def test_kubectl_kustomize_renders_the_same_documents(overlay: str) -> None:
    theirs = _kubectl_kustomize(K8S / "overlays" / overlay)
    if theirs is None:
        pytest.skip("kubectl (with its built-in kustomize) is not installed; render.py alone is checked")
    ours = render_module.render(K8S / "overlays" / overlay)
    key = render_module.resource_id
    assert sorted(map(key, ours)) == sorted(map(key, theirs))
    by_id = {key(r): r for r in theirs}
    for resource in ours:
        assert resource == by_id[key(resource)], f"{key(resource)} differs from kubectl kustomize's"


# --- every document validates -------------------------------------------------------------------

def _strict(schema: Any) -> Any:
    """A CRD schema that refuses unknown fields, where the CRD does not keep them on purpose."""
    if isinstance(schema, list):
        return [_strict(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: (_strict(v) if k != "properties" else {n: _strict(s) for n, s in v.items()}) for k, v in schema.items()}
    if ("properties" in out and "additionalProperties" not in out
            and not out.get("x-kubernetes-preserve-unknown-fields")):
        out["additionalProperties"] = False
    return out


# Fields newer than the CRD release in deploy/k8s/schemas (SOURCES.md): Keycloak 26.1 added the
# realm's brute-force strategy; the operator of the server version compose runs knows it, and an
# older one would drop it and keep the default, which is the same MULTIPLE.
NEWER_FIELDS: dict[str, dict[tuple[str, ...], dict[str, Any]]] = {
    "KeycloakRealmImport": {
        ("spec", "realm", "bruteForceStrategy"): {"type": "string", "enum": ["LINEAR", "MULTIPLE"]},
    },
}


def _crd_schema(resource: dict[str, Any]) -> dict[str, Any] | None:
    group, _, version = resource["apiVersion"].rpartition("/")
    path = SCHEMAS / f"{group}_{resource['kind']}_{version}.json"
    if not path.is_file():
        return None
    schema = json.loads(path.read_text(encoding="utf-8"))
    # The API server accepts these on every object; some generated CRDs leave them out.
    schema.setdefault("properties", {}).update(
        {"apiVersion": {"type": "string"}, "kind": {"type": "string"}, "metadata": {"type": "object"}})
    for (*parents, name), field_schema in NEWER_FIELDS.get(resource["kind"], {}).items():
        node = schema
        for parent in parents:
            node = node["properties"][parent]
        assert name not in node["properties"], f"{name} is in the CRD now: drop it from NEWER_FIELDS"
        node["properties"][name] = field_schema
    return _strict(schema)


def test_every_document_validates_against_its_schema(rendered: list[dict[str, Any]]) -> None:
    problems = []
    for resource in rendered:
        rid = render_module.resource_id(resource)
        schema = _crd_schema(resource)
        try:
            if schema is not None:
                jsonschema.Draft7Validator(schema).validate(resource)
            else:
                kubernetes_validate.validate(resource, KUBERNETES_VERSION, strict=True)
        except (jsonschema.ValidationError, kubernetes_validate.ValidationError) as exc:
            problems.append(f"{rid}: {getattr(exc, 'message', exc)}")
        except kubernetes_validate.SchemaNotFoundError:
            problems.append(f"{rid}: no schema (a kind neither Kubernetes nor deploy/k8s/schemas knows)")
    assert not problems, "\n".join(problems)


def test_validation_catches_a_misspelt_field_in_a_core_and_an_operator_kind(base: list[dict[str, Any]]) -> None:
    # The checks above must be able to fail: a typo the API server would silently drop.
    deployment = json.loads(json.dumps(_one(base, "Deployment", "renoflow-gateway")))
    deployment["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)
    cluster = json.loads(json.dumps(_one(base, "Cluster", "renoflow-pg")))
    cluster["spec"]["managed"]["roles"][2]["bypassRLS"] = True
    schema = _crd_schema(cluster)
    assert schema is not None
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(schema).validate(cluster)


def test_schema_files_name_their_source_version_and_licence() -> None:
    sources = (SCHEMAS / "SOURCES.md").read_text(encoding="utf-8")
    for path in SCHEMAS.glob("*.json"):
        assert path.name in sources, f"{path.name} is not described in SOURCES.md"
    for licence in ("Apache-2.0", "MPL-2.0"):
        assert licence in sources


def test_no_secret_value_is_committed(rendered: list[dict[str, Any]]) -> None:
    assert not [r for r in rendered if r["kind"] == "Secret"], "Secrets are created beside the manifests"
    text = "\n".join(p.read_text(encoding="utf-8") for p in K8S.rglob("*.yaml"))
    assert not re.search(r"(?i)password:\s*['\"]?[A-Za-z0-9]", text.replace("passwordSecret:", ""))


# --- the processes -------------------------------------------------------------------------------

def test_every_service_and_the_gateway_run_replicated_with_probes_limits_and_a_budget(
        base: list[dict[str, Any]]) -> None:
    pdbs = [r for r in base if r["kind"] == "PodDisruptionBudget"]
    for name in ("gateway", *SERVICE_NAMES):
        deployment = _one(base, "Deployment", f"renoflow-{name}")
        assert deployment["spec"]["replicas"] >= 2, f"{name}: one replica in the base"
        pod = deployment["spec"]["template"]["spec"]
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        for container in _containers(pod):
            limits = container["resources"]["limits"]
            requests = container["resources"]["requests"]
            assert {"cpu", "memory"} <= set(limits) and {"cpu", "memory"} <= set(requests), container["name"]
        main = pod["containers"][0]
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            assert probe in main, f"{name}: no {probe}"
        budget = [p for p in pdbs if p["spec"]["selector"]["matchLabels"].items() <= labels.items()]
        assert len(budget) == 1 and budget[0]["spec"].get("maxUnavailable") == 1, f"{name}: no disruption budget"


def test_service_commands_name_their_class_and_their_health_check(base: list[dict[str, Any]]) -> None:
    for name, cls in zip(SERVICE_NAMES, SERVICE_CLASSES, strict=True):
        main = _one(base, "Deployment", f"renoflow-{name}")["spec"]["template"]["spec"]["containers"][0]
        assert main["command"] == ["nameko", "run", "--config", "deploy/nameko.yaml",
                                   f"services.{name}.service:{cls.__name__}"]
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            assert main[probe]["exec"]["command"] == ["python", "deploy/healthcheck.py", name]
    gateway = _one(base, "Deployment", "renoflow-gateway")["spec"]["template"]["spec"]["containers"][0]
    assert gateway["command"][:2] == ["renoflow", "gateway"]
    assert gateway["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert gateway["livenessProbe"]["httpGet"]["path"] == "/healthz"


def test_pods_wait_for_the_migrations_of_their_own_database(base: list[dict[str, Any]]) -> None:
    for name in ("gateway", *SERVICE_NAMES):
        pod = _one(base, "Deployment", f"renoflow-{name}")["spec"]["template"]["spec"]
        (init,) = pod["initContainers"]
        assert init["command"][:3] == ["python", "deploy/migrations_ready.py", name]
        assert init["image"] == pod["containers"][0]["image"]
    migrate = _one(base, "Job", "renoflow-migrate")["spec"]["template"]["spec"]["containers"][0]
    assert migrate["command"] == ["renoflow", "db", "provision"]
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"COPY [^\n]*deploy/migrations_ready\.py[^\n]* deploy/", dockerfile), "not in the image"


def test_every_environment_name_is_one_the_code_reads(rendered: list[dict[str, Any]]) -> None:
    known = {f"RENOFLOW_{name.upper()}" for name in Settings.model_fields} | set(OTHER_ENV_NAMES) | \
        PROVISIONER_PASSWORD_NAMES
    config = _one(rendered, "ConfigMap", "renoflow-config")
    used = set(config["data"])
    for _, pod in _workloads(rendered):
        for container in _containers(pod):
            used |= {env["name"] for env in container.get("env", [])}
            assert [s["configMapRef"]["name"] for s in container.get("envFrom", [])] == ["renoflow-config"]
    assert not used - known, f"read by nobody: {sorted(used - known)}"
    nameko_yaml = (ROOT / "deploy" / "nameko.yaml").read_text(encoding="utf-8")
    for name in (n for n in used if n.startswith("NAMEKO_")):
        assert "${" + name in nameko_yaml
    # What every process needs to start at all in production (Settings refuses otherwise).
    for resource, pod in _workloads(rendered):
        for container in _containers(pod):
            names = {env["name"] for env in container.get("env", [])} | set(config["data"])
            missing = {"RENOFLOW_AMQP_URI", "RENOFLOW_MINIO_SECRET_KEY"} - names
            assert not missing, f"{resource['metadata']['name']}/{container['name']} would not start: {missing}"


def test_dependent_variables_are_defined_before_use(rendered: list[dict[str, Any]]) -> None:
    # Kubernetes expands $(NAME) only from variables listed earlier; a later one stays literal.
    for _, pod in _workloads(rendered):
        for container in _containers(pod):
            defined: set[str] = set()
            for env in container.get("env", []):
                for ref in re.findall(r"\$\(([A-Z_][A-Z0-9_]*)\)", env.get("value", "")):
                    assert ref in defined, f"{container['name']}: {env['name']} uses $({ref}) before it is set"
                defined.add(env["name"])


def test_each_process_gets_only_its_own_secrets_and_never_the_gateway_the_relay_role(
        rendered: list[dict[str, Any]]) -> None:
    for resource, pod in _workloads(rendered):
        kind = _kind_of_process(resource)
        refs = _secret_refs(pod)
        assert refs <= ALLOWED_SECRETS[kind], f"{resource['metadata']['name']}: {sorted(refs - ALLOWED_SECRETS[kind])}"
    gateway = _one(rendered, "Deployment", "renoflow-gateway")["spec"]["template"]["spec"]
    assert not RELAY_SECRETS & _secret_refs(gateway) and SUPERUSER_SECRET not in _secret_refs(gateway)
    names = {env["name"] for c in _containers(gateway) for env in c.get("env", [])}
    assert not names & {"RENOFLOW_DATABASE_RELAY_PASSWORD", "RENOFLOW_DATABASE_OWNER_PASSWORD"}
    # The owner never logs in, so no process holds its password.
    for _, pod in _workloads(rendered):
        assert "RENOFLOW_DATABASE_OWNER_PASSWORD" not in {e["name"] for c in _containers(pod) for e in c.get("env", [])}
    # Nothing reaches the database URL with credentials but the migrate Job.
    assert "@" not in _one(rendered, "ConfigMap", "renoflow-config")["data"]["RENOFLOW_DATABASE_URL"]


def test_the_processes_read_the_passwords_the_cluster_gives_the_roles(rendered: list[dict[str, Any]]) -> None:
    settings = Settings()
    roles = {r["name"]: r for r in _one(rendered, "Cluster", "renoflow-pg")["spec"]["managed"]["roles"]}
    databases = [*SERVICE_NAMES, "gateway"]
    assert set(roles) == {settings.database_owner_role} | {settings.app_role(d) for d in databases} | {
        settings.relay_role(d) for d in databases}
    assert roles[settings.database_owner_role]["login"] is False and "passwordSecret" not in roles[
        settings.database_owner_role]
    for database in databases:
        app, relay = roles[settings.app_role(database)], roles[settings.relay_role(database)]
        assert app["bypassrls"] is False and app["login"], database
        assert relay["bypassrls"] is True, database
    # The directory has no outbox: its relay role never signs in and has no password.
    assert roles[settings.relay_role("gateway")]["login"] is False
    assert "passwordSecret" not in roles[settings.relay_role("gateway")]
    for name in SERVICE_NAMES:
        assert roles[settings.relay_role(name)]["login"] is True
    # Each process reads its own pair under the two generic names, migrate every pair under the
    # per-service names, and every name reads the Secret the Cluster gives that role.
    secret_of_role = {role: r["passwordSecret"]["name"] for role, r in roles.items() if "passwordSecret" in r}
    for resource, pod in _workloads(rendered):
        process = _kind_of_process(resource)
        for container in _containers(pod):
            for env in container.get("env", []):
                name = env["name"]
                if name in ("RENOFLOW_DATABASE_APP_PASSWORD", "RENOFLOW_DATABASE_RELAY_PASSWORD"):
                    assert process != "migrate"
                    role = settings.app_role(process) if "_APP_" in name else settings.relay_role(process)
                elif name.startswith("RENOFLOW_DATABASE_PASSWORDS__"):
                    assert process == "migrate", f"{process} holds the provisioner's {name}"
                    database, kind = name.removeprefix("RENOFLOW_DATABASE_PASSWORDS__").lower().rsplit("_", 1)
                    role = settings.app_role(database) if kind == "app" else settings.relay_role(database)
                else:
                    continue
                assert env["valueFrom"]["secretKeyRef"] == {"name": secret_of_role[role], "key": "password"}, name
    migrate = _one(rendered, "Job", "renoflow-migrate")["spec"]["template"]["spec"]["containers"][0]
    assert PROVISIONER_PASSWORD_NAMES <= {env["name"] for env in migrate["env"]}


def test_every_database_the_migrations_build_is_declared(rendered: list[dict[str, Any]]) -> None:
    settings = Settings()
    config = _one(rendered, "ConfigMap", "renoflow-config")["data"]
    prefix = config["RENOFLOW_DATABASE_NAME_PREFIX"]
    declared = {r["spec"]["name"]: r["spec"] for r in rendered if r["kind"] == "Database"}
    assert set(declared) == {f"{prefix}{name}" for name in MIGRATIONS}
    for spec in declared.values():
        assert spec["owner"] == settings.database_owner_role and spec["cluster"]["name"] == "renoflow-pg"
        assert spec["databaseReclaimPolicy"] == "retain"
    host = re.match(r"postgresql://([^:/]+)", config["RENOFLOW_DATABASE_URL"])
    assert host and host.group(1) == "renoflow-pg-rw"


def test_issuer_hosts_and_redirects_agree(rendered: list[dict[str, Any]]) -> None:
    config = _one(rendered, "ConfigMap", "renoflow-config")["data"]
    keycloak = _one(rendered, "Keycloak", "renoflow-keycloak")["spec"]
    realm_url = f"{keycloak['hostname']['hostname']}/realms/{config['RENOFLOW_OIDC_REALM']}"
    assert config["RENOFLOW_OIDC_ISSUER"] == realm_url
    ingress = _one(rendered, "Ingress", "renoflow")["spec"]
    backends = {rule["host"]: rule["http"]["paths"][0]["backend"]["service"]["name"] for rule in ingress["rules"]}
    keycloak_host = keycloak["hostname"]["hostname"].removeprefix("https://")
    assert backends[keycloak_host] == "renoflow-keycloak-service"
    (gateway_host,) = [h for h, service in backends.items() if service == "renoflow-gateway"]
    assert set(ingress["tls"][0]["hosts"]) == set(backends)
    realm = _one(rendered, "KeycloakRealmImport", "renoflow-realm")["spec"]["realm"]
    assert realm["realm"] == config["RENOFLOW_OIDC_REALM"]
    (client,) = [c for c in realm["clients"] if c["clientId"] == config["RENOFLOW_OIDC_CLIENT_ID"]]
    assert client["redirectUris"] == [f"https://{gateway_host}/"]
    assert client["webOrigins"] == [f"https://{gateway_host}"]
    assert client["attributes"]["post.logout.redirect.uris"] == f"https://{gateway_host}/"


def test_realm_import_is_the_generated_production_realm(base: list[dict[str, Any]]) -> None:
    assert (BASE / "keycloak-realm-import.yaml").read_text(encoding="utf-8") == realm_import_module.render(), (
        "run python deploy/k8s/generate_realm_import.py")
    generated = json.loads(realm_import_module.REALM_FILE.read_text(encoding="utf-8"))
    # The kustomizations patch the portal's client by position.
    assert generated["clients"][0]["clientId"] == Settings().oidc_client_id


def test_the_realm_has_the_admin_client_the_gateway_signs_in_with_and_no_person(
        rendered: list[dict[str, Any]]) -> None:
    settings = Settings()
    spec = _one(rendered, "KeycloakRealmImport", "renoflow-realm")["spec"]
    realm = spec["realm"]
    assert all(user.get("serviceAccountClientId") for user in realm.get("users", [])), "a person in the realm"
    (client,) = [c for c in realm["clients"] if c["clientId"] == settings.keycloak_admin_client_id]
    assert client["serviceAccountsEnabled"] and not client["publicClient"]
    assert not client["standardFlowEnabled"] and not client["directAccessGrantsEnabled"]
    placeholder = re.fullmatch(r"\$\{([A-Z_]+)\}", client["secret"])
    assert placeholder, "the client secret must come from a Secret, not from the file"
    source = spec["placeholders"][placeholder.group(1)]["secret"]
    gateway = _one(rendered, "Deployment", "renoflow-gateway")["spec"]["template"]["spec"]["containers"][0]
    env = {e["name"]: e for e in gateway["env"]}
    assert env["RENOFLOW_KEYCLOAK_ADMIN_CLIENT_SECRET"]["valueFrom"]["secretKeyRef"] == source
    (account,) = [u for u in realm["users"] if u["serviceAccountClientId"] == client["clientId"]]
    # decision 0030: what the admin client needs of realm-management.
    assert set(account["clientRoles"]["realm-management"]) == {"manage-users", "view-users", "query-users",
                                                               "manage-realm"}
    assert env["RENOFLOW_KEYCLOAK_URL"]["value"] == "http://renoflow-keycloak-service:8080"


def test_quorum_queues_have_a_majority_to_lose_a_node(base: list[dict[str, Any]]) -> None:
    assert _one(base, "RabbitmqCluster", "renoflow-rabbitmq")["spec"]["replicas"] >= 3
    assert _one(base, "Cluster", "renoflow-pg")["spec"]["instances"] >= 3


# --- deploy/migrations_ready.py ---------------------------------------------------------------

def test_migrations_ready_waits_until_the_database_is_at_the_image_heads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from shared.persistence.migrations import upgrade
    from shared.settings import get_settings

    monkeypatch.setenv("RENOFLOW_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("RENOFLOW_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        ready, why = migrations_ready.migrated("sales")
        assert not ready and "waiting for" in why
        assert migrations_ready.main(["sales", "--timeout", "0", "--interval", "0"]) == 1
        upgrade(MIGRATIONS["sales"], get_settings().service_database_url("sales"))
        ready, why = migrations_ready.migrated("sales")
        assert ready, why
        assert migrations_ready.main(["sales", "--timeout", "0"]) == 0
        assert not migrations_ready.migrated("contracts")[0]  # each database on its own
        with pytest.raises(SystemExit, match="unknown database"):
            migrations_ready.migrated("nosuch")
    finally:
        get_settings.cache_clear()


def test_renoflow_pods_meet_the_restricted_pod_security_profile(rendered: list[dict[str, Any]]) -> None:
    for resource, pod in _workloads(rendered):
        name = resource["metadata"]["name"]
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert pod.get("automountServiceAccountToken") is False, name
        assert not any(key in pod for key in ("hostNetwork", "hostPID", "hostIPC")), name
        assert all(set(volume) - {"name"} <= {"emptyDir", "secret", "configMap"} for volume in pod.get("volumes", []))
        for container in _containers(pod):
            context = container["securityContext"]
            assert context["allowPrivilegeEscalation"] is False, f"{name}/{container['name']}"
            assert context["capabilities"] == {"drop": ["ALL"]}, f"{name}/{container['name']}"
            assert context["readOnlyRootFilesystem"] is True, f"{name}/{container['name']}"
            assert "/tmp" in {m["mountPath"] for m in container.get("volumeMounts", [])}, "no writable /tmp"
