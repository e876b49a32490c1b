"""The README and docs/ stand alone in a clone, and their commands run as written (item 11)."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
RULE_IN_CODE = re.compile(r"""rule=["']([SCFKQAP]\d{2})["']""")


def test_docs_never_point_outside_the_repository() -> None:
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        assert "../shared" not in text, f"{doc.relative_to(ROOT)} points outside the repository"
        for target in re.findall(r"\]\(([^)#]+)\)", text):
            if "://" in target:
                continue
            assert (doc.parent / target).resolve().is_relative_to(ROOT), f"{doc.name}: {target}"
            assert (doc.parent / target).exists(), f"{doc.name} links to a missing {target}"


def test_every_rule_the_code_enforces_is_described_in_docs_rules() -> None:
    documented = set(re.findall(r"^\| ([SCFKQAP]\d{2}) \|", (ROOT / "docs" / "rules.md").read_text(encoding="utf-8"),
                                re.MULTILINE))
    enforced = {rule for path in [*ROOT.glob("services/**/*.py"), *ROOT.glob("shared/**/*.py")]
                for rule in RULE_IN_CODE.findall(path.read_text(encoding="utf-8"))}
    assert enforced, "the pattern finds the rules the code raises"
    assert enforced <= documented, f"undocumented rules: {sorted(enforced - documented)}"


def test_readme_add_tenant_example_runs_as_written(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(ln for ln in readme.splitlines() if ln.startswith(".venv/bin/renoflow add-tenant"))
    argv = shlex.split(line)
    argv[0] = str(Path(sys.executable).parent / "renoflow")  # the README's .venv/bin/renoflow
    result = subprocess.run([*argv, "--data-dir", str(tmp_path / "var")], input="s3cret-Passw0rd\n" * 2,
                            capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ready" in result.stdout
