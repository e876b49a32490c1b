"""The operator's CLI in embedded mode: set-aside events are listed and put back in line (P03)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import update

from renoflow.embedded import build_platform
from services.contracts.domain.events import QuoteIssued
from shared.settings import Settings


def renoflow(data_dir: Path, *args: str) -> str:
    env = {**os.environ, "RENOFLOW_DATA_DIR": str(data_dir), "RENOFLOW_MODE": "embedded",
           "COLUMNS": "250"}
    done = subprocess.run([sys.executable, "-m", "renoflow.cli", *args], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    return done.stdout


def test_P03_dead_letters_list_and_replay_in_embedded_mode(tmp_path: Path) -> None:
    platform = build_platform(Settings(data_dir=tmp_path))
    contracts = platform.services.resources["contracts"]
    with contracts.uow_factory("demo")() as uow:
        uow.publish(QuoteIssued(quote_id="q-1", lead_id="l-1", store="A", total="10.00"))
        uow.commit()
    with contracts.db.sessions() as session:
        session.execute(update(contracts.tables.outbox).values(dead_at=contracts.tables.outbox.c.created_at,
                                                               published_at=None, attempts=5))
        session.commit()
    platform.close()

    listed = renoflow(tmp_path, "dead-letters", "list")
    assert "quote_issued" in listed and "contracts outbox" in listed
    assert "1 event(s) back in line" in renoflow(tmp_path, "dead-letters", "replay")
    assert "no dead letters" in renoflow(tmp_path, "dead-letters", "list")
