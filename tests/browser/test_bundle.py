"""The committed portal bundle is what `npm ci && npm run build` makes from portal/ (decision 0023)."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "portal"
DIST = ROOT / "gateway" / "portal" / "static" / "dist"


def files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_committed_bundle_is_rebuilt_byte_for_byte_from_the_lock_file(tmp_path: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("no npm here: the committed bundle is served as it is")
    work = tmp_path / "portal"
    shutil.copytree(SOURCE, work, ignore=shutil.ignore_patterns("node_modules"))
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=work, check=True, timeout=600)
    out = tmp_path / "dist"
    subprocess.run([npm, "run", "build", "--", "--outDir", str(out)], cwd=work, check=True, timeout=600,
                   stdout=subprocess.DEVNULL)
    assert files(out) == files(DIST), "rebuild portal/ (npm run build) and commit gateway/portal/static/dist"
    _, mismatch, errors = filecmp.cmpfiles(out, DIST, sorted(files(DIST)), shallow=False)
    assert (mismatch, errors) == ([], []), "the committed bundle differs from a fresh build of portal/"
