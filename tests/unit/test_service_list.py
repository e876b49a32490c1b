"""The one list of services (renoflow.services.SERVICE_NAMES) is what the other files say too.

Compose is checked in test_compose.py; here the files that cannot import the list: the
import-linter contracts in pyproject.toml and the PostgreSQL init script of docker compose.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from renoflow.services import SERVICE_CLASSES, SERVICE_NAMES

ROOT = Path(__file__).resolve().parents[2]


def _contracts() -> list[dict[str, object]]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def test_every_listed_service_has_its_class_and_folder() -> None:
    assert [cls.name for cls in SERVICE_CLASSES] == list(SERVICE_NAMES)  # type: ignore[attr-defined]
    folders = {p.parent.name for p in (ROOT / "services").glob("*/service.py")}
    assert folders == set(SERVICE_NAMES), "a folder under services/ that the list leaves out, or the reverse"


def test_import_contracts_name_every_service() -> None:
    (independence,) = [c for c in _contracts() if c["type"] == "independence"]
    assert set(independence["modules"]) == {f"services.{n}" for n in SERVICE_NAMES} | {"gateway"}  # type: ignore[arg-type]
    (domains,) = [c for c in _contracts() if c["name"] == "Domain packages import no framework"]
    assert set(domains["source_modules"]) == {f"services.{n}.domain" for n in SERVICE_NAMES}  # type: ignore[arg-type]


def test_postgres_init_script_creates_every_service_database() -> None:
    script = (ROOT / "deploy" / "postgres" / "01-roles-and-databases.sh").read_text(encoding="utf-8")
    match = re.search(r'services="\$\{SERVICE_DATABASES:-([a-z ]+)\}"', script)
    assert match is not None
    assert set(match.group(1).split()) == set(SERVICE_NAMES)
