"""Issue 6 item 7: in production no demo data or demo password is ever created, in either mode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from typer.testing import CliRunner

from renoflow import cli
from renoflow.demo import seed_demo_services, seed_demo_unless_production
from renoflow.distributed import build_gateway
from renoflow.identity.demo import DemoDataRefused, seed_demo
from renoflow.identity.users import UserStore
from shared.settings import Settings

TOKEN_PATH = "/realms/renoflow/protocol/openid-connect/token"
PRODUCTION = {"RENOFLOW_ENVIRONMENT": "production", "RENOFLOW_MINIO_SECRET_KEY": "not-the-default"}


def demo_login(client: TestClient, username: str) -> int:
    return client.post(TOKEN_PATH, data={"grant_type": "password", "client_id": "renoflow-web",
                                         "username": username, "password": "demo"}).status_code


def run_up(monkeypatch: pytest.MonkeyPatch, data_dir: Path, environment: dict[str, str]) -> tuple[str, dict[str, int]]:
    """``renoflow up`` as typed, with the server replaced by demo logins against its app."""
    # `up` writes RENOFLOW_* into os.environ; set them through monkeypatch so they are undone.
    for name, value in {"RENOFLOW_PORT": "8000", "RENOFLOW_HOST": "127.0.0.1", "RENOFLOW_DATA_DIR": str(data_dir),
                        "RENOFLOW_ENVIRONMENT": "development", **environment}.items():
        monkeypatch.setenv(name, value)
    logins: dict[str, int] = {}

    def serve(app: Any, **_: Any) -> None:
        client = TestClient(app)
        logins.update({name: demo_login(client, name) for name in ("hq", "designer-a", "hq@other")})

    monkeypatch.setattr("uvicorn.run", serve)
    monkeypatch.setattr("shared.observability.logs.configure_logging", lambda *a, **k: None)
    said: list[str] = []  # the start-up announcements are log records (one log format per output)
    monkeypatch.setattr("renoflow.cli._say", said.append)
    result = CliRunner().invoke(cli.app, ["up", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    return " ".join(said), logins


def test_H6_renoflow_up_in_production_creates_no_demo_users(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    output, logins = run_up(monkeypatch, tmp_path, PRODUCTION)
    assert logins == {"hq": 401, "designer-a": 401, "hq@other": 401}
    assert "no demo data" in output and "designer-a / demo" not in output
    users = UserStore(f"sqlite:///{tmp_path / 'identity.db'}")
    assert users.count() == 0
    users.dispose()


def test_H6_renoflow_up_outside_production_still_seeds_the_demo(monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    output, logins = run_up(monkeypatch, tmp_path, {"RENOFLOW_ENVIRONMENT": "development"})
    assert logins == {"hq": 200, "designer-a": 200, "hq@other": 200}
    assert "demo data created" in output


def test_H6_distributed_gateway_seeds_no_demo_data_in_production(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, mode="distributed", environment="production",
                        minio_secret_key="not-the-default", amqp_uri="amqp://renoflow:s3cret@127.0.0.1:5672/")
    gateway = build_gateway(settings)  # no Keycloak: the embedded provider, as `up --distributed` runs it
    gateway.directory.ensure_schema()
    try:
        assert seed_demo_unless_production(gateway.identity, gateway.directory, gateway.rpc,
                                           environment=settings.environment) is None
        with pytest.raises(DemoDataRefused):
            seed_demo_services(gateway.identity, gateway.directory, gateway.rpc, environment=settings.environment)
        assert gateway.identity is not None
        with pytest.raises(DemoDataRefused):  # the provider itself refuses, whatever its caller says
            seed_demo(gateway.identity, gateway.directory)
        assert gateway.identity.users.count() == 0
        assert not gateway.directory.tenant_exists("demo")
        client = TestClient(gateway.app)
        assert demo_login(client, "hq") == 401 and demo_login(client, "designer-a") == 401
    finally:
        gateway.rpc.close()
        gateway.directory.dispose()


def test_H6_seed_demo_command_refuses_in_production(tmp_path: Path) -> None:
    env = {**os.environ, **PRODUCTION, "RENOFLOW_MODE": "distributed", "RENOFLOW_DATA_DIR": str(tmp_path),
           "RENOFLOW_AMQP_URI": "amqp://renoflow:s3cret@127.0.0.1:5672/", "COLUMNS": "250"}
    done = subprocess.run([sys.executable, "-m", "renoflow.cli", "seed-demo"], env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "never created in production" in done.stdout
    assert not (tmp_path / "identity.db").exists() and not (tmp_path / "gateway.db").exists()


def test_H6_production_refuses_the_brokers_default_guest_password() -> None:
    with pytest.raises(ValidationError, match="RENOFLOW_AMQP_URI"):
        Settings(environment="production", mode="distributed", minio_secret_key="not-the-default")
    # Embedded mode never talks to a broker, so its unused default is no password in use.
    Settings(environment="production", mode="embedded", minio_secret_key="not-the-default")


def test_H6_production_refuses_the_default_object_store_key_only_where_the_object_store_is_used() -> None:
    broker = "amqp://renoflow:s3cret@127.0.0.1:5672/"
    with pytest.raises(ValidationError, match="RENOFLOW_MINIO_SECRET_KEY"):
        Settings(environment="production", mode="distributed", amqp_uri=broker, documents_backend="minio")
    # `migrate` in docker-compose.yml gets no object-store key at all: it never opens a bucket.
    Settings(environment="production", mode="distributed", amqp_uri=broker, documents_backend="folder")
