"""Issue 8 item 1 in distributed mode: a service publishes its events right after the commit.

The relay's safety-net timer is set an hour apart here, so every event of the journey (the lead
reaching contracts, the signing reaching finance) can only travel by the publish after commit.
How fast it travels is measured by the benchmark suite (``python -m bench --only events``), not here.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.platforms import Journey, Live, distributed, eventually


@pytest.fixture(scope="module")
def slow_timer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with distributed(tmp_path_factory.mktemp("publish-after-commit"), outbox_relay_interval_seconds=3600) as live:
        yield live


def test_I8_events_arrive_after_commit_without_the_relay_timer(slow_timer: Live) -> None:
    journey = Journey(slow_timer)
    signed = journey.sign(journey.draft_contract()["id"])  # drafting waits for sales' lead event
    assert signed.status_code == 200, signed.text
    finance = slow_timer.as_user("finance-a")
    plan = eventually(lambda: finance.get(f"/api/v1/contracts/{signed.json()['id']}/payment-plan"),
                      ok=lambda r: r.status_code == 200, timeout=30)
    assert plan.status_code == 200, plan.text
