"""Every end-to-end test runs against both modes (see tests/platforms.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.platforms import Live, distributed, embedded


@pytest.fixture(scope="session", params=["embedded", "distributed"])
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    runner = embedded if request.param == "embedded" else distributed
    with runner(tmp_path_factory.mktemp(request.param)) as platform:
        yield platform
