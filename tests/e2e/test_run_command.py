"""The README's run command as a user starts it: quiet start-up, one log format per output (item 11)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.platforms import free_port

RENOFLOW = Path(sys.executable).parent / "renoflow"


def test_H6_renoflow_up_logs_json_lines_only_and_no_deprecation_noise(tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen([str(RENOFLOW), "up", "--port", str(port), "--data-dir", str(tmp_path / "var")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        # The first start seeds the living demo (about 30 s on a quiet 2-core machine).
        deadline = time.monotonic() + 240
        while True:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else "renoflow up exited"
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "renoflow up did not answer /healthz"
            time.sleep(0.3)
        token = httpx.post(f"http://127.0.0.1:{port}/realms/renoflow/protocol/openid-connect/token", data={
            "grant_type": "password", "client_id": "renoflow-web", "username": "designer-a", "password": "demo"})
        assert token.status_code == 200, token.text
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
    assert "deprecat" not in (out + err).lower(), err[:2000]
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and out.strip() == "", "start-up messages belong to the log stream, not a second format on stdout"
    records = [json.loads(line) for line in lines]  # not a terminal: every line is one JSON object
    loggers = {r["logger"] for r in records}
    # The gateway's own access line (inside the request's span, with the tenant) replaces uvicorn's.
    assert {"renoflow", "uvicorn.error", "gateway.access"} <= loggers and "uvicorn.access" not in loggers
