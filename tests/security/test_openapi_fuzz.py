"""Fuzzing the published API: no generated request, however odd, makes the gateway answer 500 (P05).

schemathesis reads ``/openapi.json`` (request bodies come from the services' commands) and sends
the schema's examples, generated and boundary requests as a designer of tenant demo; a fixed seed
keeps runs repeatable. The values a field refuses (issue 6: "1e28", "１００.００", an epoch number
for a date, …) are published in ``/openapi.json`` as each field's ``x-refused-examples``; a second
run sends them as explicit examples (schemathesis sends only examples its schema admits, so that
run reads a copy in which those fields take their refused examples as examples).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from shared.money import REFUSED_EXAMPLES_KEY
from tests.platforms import Live, embedded

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with embedded(tmp_path_factory.mktemp("fuzz")) as live:
        yield live


def schemathesis(platform: Live, workdir: Path, schema: str, *args: str) -> subprocess.CompletedProcess[str]:
    tool = SCHEMATHESIS if SCHEMATHESIS.exists() else shutil.which("schemathesis")
    if tool is None:
        pytest.skip("schemathesis is not installed (dev extra)")
    return subprocess.run(
        [str(tool), "run", schema,
         "-H", f"Authorization: Bearer {platform.token('designer-a')}",
         "--checks", "not_a_server_error", "--include-path-regex", "^/api/v1/",
         "--seed", "20261123", "--request-timeout", "30", "--workers", "1", *args],
        capture_output=True, text=True, timeout=600, check=False,
        # schemathesis keeps a .schemathesis/ cache in its working directory: not in the checkout.
        cwd=workdir,
    )


def test_P05_generated_requests_never_cause_a_server_error(platform: Live, tmp_path: Path) -> None:
    result = schemathesis(platform, tmp_path, f"{platform.base_url}/openapi.json",
                          "--max-examples", "10", "--phases", "examples,coverage,fuzzing")
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]


def with_refused_examples(node: Any) -> tuple[Any, int]:
    """The schema with every field that lists refused values taking them as its examples."""
    if isinstance(node, list):
        pairs = [with_refused_examples(n) for n in node]
        return [p[0] for p in pairs], sum(p[1] for p in pairs)
    if not isinstance(node, dict):
        return node, 0
    if REFUSED_EXAMPLES_KEY in node:
        return {"examples": [*node.get("examples", []), *node[REFUSED_EXAMPLES_KEY]]}, 1
    pairs = {k: with_refused_examples(v) for k, v in node.items()}
    return {k: p[0] for k, p in pairs.items()}, sum(p[1] for p in pairs.values())


def test_P05_F07_refused_examples_of_the_schema_never_cause_a_server_error(platform: Live, tmp_path: Path) -> None:
    published = httpx.get(f"{platform.base_url}/openapi.json").json()
    schema, fields = with_refused_examples(published)
    assert fields >= 8  # money, quantities, dimensions, ratio, the visit time
    copy = tmp_path / "openapi-refused-examples.json"
    copy.write_text(json.dumps(schema, ensure_ascii=False))
    result = schemathesis(platform, tmp_path, str(copy), "--url", platform.base_url, "--phases", "examples",
                          "--max-examples", "50")
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    # One case per refused value at least (money alone lists 13), not a run that found nothing to send.
    sent = re.search(r"(\d+) generated", result.stdout)
    assert sent is not None and int(sent.group(1)) >= 30, result.stdout[-4000:]
