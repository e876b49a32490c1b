"""The boundaries of architecture.md, checked with import-linter on every test run."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

from renoflow.services import SERVICE_NAMES

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_hold() -> None:
    """Services are independent of each other and of the gateway; domains import no framework."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    declared = len(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"])
    assert f"Contracts: {declared} kept, 0 broken" in result.stdout


def test_every_service_has_its_layers_contract() -> None:
    """Inside a service: service → application → domain, adapters beside (issue 7)."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    layered = {c["containers"][0] for c in contracts if c["type"] == "layers"}
    assert layered == {f"services.{name}" for name in SERVICE_NAMES}


def test_the_platform_kit_has_no_import_cycle() -> None:
    """``shared/`` modules import each other one way only (no module reaches itself again)."""
    graph = grimp.build_graph("shared")
    cycles = sorted(f"{module} -> {imported}" for module in graph.modules
                    for imported in graph.find_modules_directly_imported_by(module)
                    if imported.startswith("shared") and graph.find_shortest_chain(importer=imported, imported=module))
    assert cycles == []
