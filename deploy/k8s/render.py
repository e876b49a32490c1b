"""Render a Kustomize overlay of deploy/k8s without kustomize, for the offline tests.

    python deploy/k8s/render.py deploy/k8s/overlays/production > rendered.yaml

Only the part of Kustomize that these files use, and it refuses anything else rather than
render it differently: ``resources`` (files and directories with a kustomization.yaml),
``namespace``, ``labels`` (``pairs`` on the resources' own metadata), ``images`` (``newName``,
``newTag``, ``digest``) and ``patches`` in the JSON 6902 form, each with a ``target`` (kind,
name, group, version, namespace, labelSelector with ``key=value`` terms). Where kubectl is
installed, tests/unit/test_k8s.py also checks that ``kubectl kustomize`` renders the same.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonpatch
import yaml

Resource = dict[str, Any]

KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
SUPPORTED_FIELDS = {"apiVersion", "kind", "resources", "namespace", "labels", "images", "patches"}
TARGET_FIELDS = {"kind", "name", "group", "version", "namespace", "labelSelector"}
# Kinds that live outside namespaces, which the namespace field leaves alone.
CLUSTER_SCOPED = {"Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding",
                  "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass"}


class KustomizeError(ValueError):
    """A kustomization uses something this renderer does not do, or is malformed."""


def kustomization_file(directory: Path) -> Path:
    """The kustomization file of ``directory``."""
    for name in KUSTOMIZATION_FILES:
        if (directory / name).is_file():
            return directory / name
    raise KustomizeError(f"{directory}: no kustomization.yaml")


def _plain_yaml_loader() -> type[yaml.SafeLoader]:
    # YAML 1.1 as Kubernetes reads it. nameko's CLI registers a resolver on yaml.SafeLoader itself
    # that turns "${VAR}" into an environment lookup, which would rewrite the realm import's
    # placeholder in any process that has loaded a nameko config: only the standard tags here.
    class PlainLoader(yaml.SafeLoader):
        pass

    PlainLoader.yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag.startswith("tag:yaml.org,2002:")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return PlainLoader


def load_yaml(text: str) -> Any:
    """One YAML document, with only the standard tags."""
    return yaml.load(text, Loader=_plain_yaml_loader())  # noqa: S506 - a SafeLoader subclass


def load_yaml_all(text: str) -> list[Any]:
    """Every non-empty YAML document of a stream, with only the standard tags."""
    return [doc for doc in yaml.load_all(text, Loader=_plain_yaml_loader()) if doc is not None]  # noqa: S506


def load_documents(path: Path) -> list[Resource]:
    """The non-empty YAML documents of a file."""
    docs = load_yaml_all(path.read_text(encoding="utf-8"))
    for doc in docs:
        if not isinstance(doc, dict) or "kind" not in doc or "apiVersion" not in doc:
            raise KustomizeError(f"{path}: every document must be a resource with apiVersion and kind")
    return docs


def render(directory: Path) -> list[Resource]:
    """The resources a kustomization directory builds, in the order its resources list them."""
    directory = directory.resolve()
    spec = load_yaml(kustomization_file(directory).read_text(encoding="utf-8")) or {}
    unknown = set(spec) - SUPPORTED_FIELDS
    if unknown:
        raise KustomizeError(f"{directory}: unsupported kustomization fields {sorted(unknown)}")
    resources: list[Resource] = []
    for entry in spec.get("resources", []):
        path = directory / entry
        resources.extend(render(path) if path.is_dir() else load_documents(path))
    _check_unique(resources, directory)
    for patch in spec.get("patches", []):
        _apply_patch(resources, patch, directory)
    for labels in spec.get("labels", []):
        _add_labels(resources, labels, directory)
    for image in spec.get("images", []):
        _set_image(resources, image, directory)
    if "namespace" in spec:
        for resource in resources:
            if resource["kind"] not in CLUSTER_SCOPED:
                resource.setdefault("metadata", {})["namespace"] = spec["namespace"]
    return resources


def resource_id(resource: Resource) -> tuple[str, str, str, str]:
    """(apiVersion, kind, namespace, name): what makes a resource one of a kind."""
    meta = resource.get("metadata", {})
    return resource["apiVersion"], resource["kind"], meta.get("namespace", ""), meta.get("name", "")


def _check_unique(resources: list[Resource], directory: Path) -> None:
    seen: set[tuple[str, str, str, str]] = set()
    for resource in resources:
        rid = resource_id(resource)
        if rid in seen:
            raise KustomizeError(f"{directory}: {rid} is declared twice")
        seen.add(rid)


def _matches_selector(labels: dict[str, str], selector: str) -> bool:
    for term in filter(None, (t.strip() for t in selector.split(","))):
        if "=" not in term or "!=" in term:
            raise KustomizeError(f"labelSelector term {term!r}: only key=value terms are supported")
        key, value = (part.strip() for part in term.replace("==", "=").split("=", 1))
        if labels.get(key) != value:
            return False
    return True


def _matches(resource: Resource, target: dict[str, Any]) -> bool:
    unknown = set(target) - TARGET_FIELDS
    if unknown:
        raise KustomizeError(f"unsupported patch target fields {sorted(unknown)}")
    group, _, version = resource["apiVersion"].rpartition("/")
    meta = resource.get("metadata", {})
    return (target.get("kind", resource["kind"]) == resource["kind"]
            and target.get("name", meta.get("name")) == meta.get("name")
            and target.get("group", group) == group
            and target.get("version", version) == version
            and target.get("namespace", meta.get("namespace")) == meta.get("namespace")
            and _matches_selector(meta.get("labels", {}), target.get("labelSelector", "")))


def _apply_patch(resources: list[Resource], patch: dict[str, Any], directory: Path) -> None:
    if "target" not in patch:
        raise KustomizeError(f"{directory}: a patch without a target (strategic merge) is not supported")
    if "path" in patch:
        text = (directory / patch["path"]).read_text(encoding="utf-8")
    elif "patch" in patch:
        text = patch["patch"]
    else:
        raise KustomizeError(f"{directory}: a patch needs `path` or `patch`")
    operations = load_yaml(text)
    if not isinstance(operations, list):
        raise KustomizeError(f"{directory}: only JSON 6902 patches (a list of operations) are supported")
    matched = [i for i, resource in enumerate(resources) if _matches(resource, patch["target"])]
    if not matched:
        # kustomize renders a patch that matches nothing silently; here it is a mistake.
        raise KustomizeError(f"{directory}: patch target {patch['target']} matches no resource")
    for i in matched:
        try:
            resources[i] = jsonpatch.apply_patch(resources[i], operations)
        except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException) as exc:
            raise KustomizeError(f"{directory}: patch on {resource_id(resources[i])}: {exc}") from exc


def _add_labels(resources: list[Resource], labels: dict[str, Any], directory: Path) -> None:
    if set(labels) - {"pairs"} or not isinstance(labels.get("pairs"), dict):
        raise KustomizeError(f"{directory}: labels take only `pairs` here (no selectors, no templates)")
    for resource in resources:
        resource.setdefault("metadata", {}).setdefault("labels", {}).update(labels["pairs"])


def _image_name(image: str) -> str:
    name = image.split("@", 1)[0]
    # A colon after the last slash separates the tag; one before it is a registry's port.
    head, _, last = name.rpartition("/")
    return f"{head}/{last.split(':', 1)[0]}" if head else last.split(":", 1)[0]


def _containers(node: Any) -> Iterator[dict[str, Any]]:
    # kustomize's image transformer edits every containers/initContainers list, at any depth.
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("containers", "initContainers") and isinstance(value, list):
                yield from (c for c in value if isinstance(c, dict) and "image" in c)
            else:
                yield from _containers(value)
    elif isinstance(node, list):
        for item in node:
            yield from _containers(item)


def _set_image(resources: list[Resource], image: dict[str, str], directory: Path) -> None:
    if set(image) - {"name", "newName", "newTag", "digest"} or "name" not in image:
        raise KustomizeError(f"{directory}: images entries take name, newName, newTag, digest")
    for resource in resources:
        for container in _containers(resource):
            current = container["image"]
            if _image_name(current) != image["name"]:
                continue
            name = image.get("newName", image["name"])
            if "digest" in image:
                container["image"] = f"{name}@{image['digest']}"
            elif "newTag" in image:
                container["image"] = f"{name}:{image['newTag']}"
            else:
                tail = current[len(_image_name(current)):]
                container["image"] = name + tail


def dump(resources: list[Resource]) -> str:
    """The resources as one multi-document YAML stream."""
    return yaml.safe_dump_all(copy.deepcopy(resources), allow_unicode=True, sort_keys=False)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: render.py OVERLAY_DIRECTORY")
    sys.stdout.write(dump(render(Path(sys.argv[1]))))
