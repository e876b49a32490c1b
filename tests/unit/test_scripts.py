"""The README's commands: ``./scripts/install`` then ``./scripts/test`` installs once, not twice (item 10)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _project_copy(tmp_path: Path) -> Path:
    """The scripts and dependency files, with a stand-in .venv whose python only records its calls."""
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts")
    for name in ("constraints.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for tool in ("python", "renoflow"):
        stub = bin_dir / tool
        stub.write_text(f'#!/bin/sh\necho "{tool} $*" >> "$(dirname "$0")/../calls.log"\n')
        stub.chmod(0o755)
    return tmp_path


def _needs_install(project: Path) -> bool:
    return subprocess.run([str(project / "scripts" / "needs-install")], check=False).returncode == 0


def test_install_then_test_installs_once(tmp_path: Path) -> None:
    project = _project_copy(tmp_path)
    assert _needs_install(project), "a venv never installed by scripts/install must be installed"
    subprocess.run([str(project / "scripts" / "install")], check=True, capture_output=True,
                   env={**os.environ, "PYTHON": "false"})
    calls = (project / ".venv" / "calls.log").read_text()
    assert "-m pip install" in calls
    assert not _needs_install(project), "scripts/test would install a second time"


def test_changed_dependencies_install_again(tmp_path: Path) -> None:
    project = _project_copy(tmp_path)
    subprocess.run([str(project / "scripts" / "install")], check=True, capture_output=True)
    marker = project / ".venv" / ".installed"
    os.utime(marker, (marker.stat().st_mtime - 60,) * 2)
    (project / "constraints.txt").touch()
    assert _needs_install(project)
