"""Decision 0041: each database's own pair of login roles, and who reads which password."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from renoflow.distributed import child_environment
from renoflow.services import MIGRATIONS
from shared.settings import Settings

SERVER = "postgresql://db.internal:5432/?sslmode=require"


def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("RENOFLOW_DATABASE_"):
            monkeypatch.delenv(name)


def test_P01_each_database_is_reached_as_its_own_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_environment(monkeypatch)
    settings = Settings(mode="distributed", database_url=SERVER)
    for database in MIGRATIONS:  # every service and the gateway's directory
        app, relay = make_url(settings.service_database_url(database)), make_url(settings.service_relay_url(database))
        assert (app.username, app.database) == (f"renoflow_{database}", f"renoflow_{database}")
        assert (relay.username, relay.database) == (f"renoflow_{database}_relay", f"renoflow_{database}")
        assert app.password is None and relay.password is None  # trust authentication: none needed
        assert app.query == {"sslmode": "require"}
    assert len({settings.app_role(d) for d in MIGRATIONS} | {settings.relay_role(d) for d in MIGRATIONS}) == \
        2 * len(MIGRATIONS)


def test_P01_the_provisioner_reads_every_pair_under_its_per_service_name(monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_environment(monkeypatch)
    monkeypatch.setenv("RENOFLOW_DATABASE_PASSWORDS__SALES_APP", "sales-app")
    monkeypatch.setenv("RENOFLOW_DATABASE_PASSWORDS__SALES_RELAY", "sales-relay")
    monkeypatch.setenv("RENOFLOW_DATABASE_PASSWORDS__CONTRACTS_APP", "contracts-app")
    settings = Settings(mode="distributed", database_url=SERVER)
    assert settings.database_passwords == {"sales_app": "sales-app", "sales_relay": "sales-relay",
                                           "contracts_app": "contracts-app"}
    assert make_url(settings.service_database_url("sales")).password == "sales-app"
    assert make_url(settings.service_relay_url("sales")).password == "sales-relay"
    assert make_url(settings.service_database_url("contracts")).password == "contracts-app"
    # A pair without its own entry falls back to the process's own names (here: none).
    assert settings.database_password("contracts", "relay") == ""
    assert "sales-app" not in repr(settings), "passwords stay out of logs"


def test_P01_a_process_reads_its_own_pair_under_the_generic_names(monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_environment(monkeypatch)
    monkeypatch.setenv("RENOFLOW_DATABASE_APP_PASSWORD", "mine")
    monkeypatch.setenv("RENOFLOW_DATABASE_RELAY_PASSWORD", "my-relay")
    settings = Settings(mode="distributed", database_url=SERVER)
    assert make_url(settings.service_database_url("finance")).username == "renoflow_finance"
    assert make_url(settings.service_database_url("finance")).password == "mine"
    assert make_url(settings.service_relay_url("finance")).password == "my-relay"


def test_P01_a_child_process_gets_only_its_own_services_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_environment(monkeypatch)
    monkeypatch.setenv("RENOFLOW_DATABASE_PASSWORDS__CONTRACTS_APP", "contracts-app")  # inherited, must not pass
    settings = Settings(mode="distributed", database_url=SERVER,
                        database_passwords={"sales_app": "sales-app", "sales_relay": "sales-relay",
                                            "contracts_app": "contracts-app", "contracts_relay": "contracts-relay"})
    env = child_environment(settings, service="sales")
    assert env["RENOFLOW_DATABASE_APP_PASSWORD"] == "sales-app"
    assert env["RENOFLOW_DATABASE_RELAY_PASSWORD"] == "sales-relay"
    assert not [k for k in env if k.startswith("RENOFLOW_DATABASE_PASSWORDS")]
    assert "contracts-app" not in env.values() and "contracts-relay" not in env.values()
    child = Settings(**{k.removeprefix("RENOFLOW_").lower(): v for k, v in env.items()
                        if k.startswith("RENOFLOW_DATABASE_")})
    assert make_url(child.service_database_url("sales")).password == "sales-app"


def test_P01_a_shared_pair_can_still_be_named_for_a_development_server(monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_environment(monkeypatch)
    settings = Settings(mode="distributed", database_url=SERVER, database_app_role="renoflow_app",
                        database_relay_role="renoflow_relay")
    assert {make_url(settings.service_database_url(d)).username for d in MIGRATIONS} == {"renoflow_app"}
    assert {make_url(settings.service_relay_url(d)).username for d in MIGRATIONS} == {"renoflow_relay"}


def test_embedded_mode_needs_no_database_role_or_password(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _clean_environment(monkeypatch)
    settings = Settings(data_dir=tmp_path)
    assert settings.service_database_url("sales").startswith("sqlite:///")
    assert settings.service_relay_url("sales") == settings.service_database_url("sales")
