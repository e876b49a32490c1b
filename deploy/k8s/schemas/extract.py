"""Turn an operator's published CustomResourceDefinition into the schema file tests/unit/test_k8s.py reads.

    python deploy/k8s/schemas/extract.py CRD.yaml [CRD.yaml …]

writes ``<group>_<kind>_<version>.json`` beside this script for every served version of every CRD
in the files: the version's ``openAPIV3Schema`` as published, minus its ``description`` texts
(they are most of the bytes and play no part in validation). Where each CRD came from, at which
release and under which licence: SOURCES.md (update it when you refresh a file).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent


def without_descriptions(node: Any) -> Any:
    """The schema with every ``description`` annotation dropped (a property *named* description stays)."""
    if isinstance(node, dict):
        return {key: (without_descriptions(value) if key != "properties"
                      else {name: without_descriptions(sub) for name, sub in value.items()})
                for key, value in node.items() if key != "description"}
    if isinstance(node, list):
        return [without_descriptions(item) for item in node]
    return node


def extract(crd_file: Path) -> list[Path]:
    written = []
    for doc in yaml.safe_load_all(crd_file.read_text(encoding="utf-8")):
        if not doc or doc.get("kind") != "CustomResourceDefinition":
            continue
        spec = doc["spec"]
        for version in spec["versions"]:
            if not version.get("served"):
                continue
            schema = without_descriptions(version["schema"]["openAPIV3Schema"])
            target = HERE / f"{spec['group']}_{spec['names']['kind']}_{version['name']}.json"
            target.write_text(json.dumps(schema, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
            written.append(target)
    return written


if __name__ == "__main__":
    for name in sys.argv[1:]:
        for path in extract(Path(name)):
            print(path)
