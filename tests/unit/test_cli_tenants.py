"""``renoflow tenants create|list|disable|delete`` in embedded mode, as an operator runs them."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from renoflow.cli import app
from renoflow.identity.users import UserStore
from renoflow.tenants import open_directory
from shared.settings import Settings

PASSWORD = "correct horse battery staple"


def run(*args: str, data_dir: Path, input: str | None = None) -> tuple[int, str]:  # noqa: A002
    result = CliRunner().invoke(app, [*args, "--data-dir", str(data_dir)], input=input,
                                env={"RENOFLOW_MODE": "embedded", "COLUMNS": "200"})
    return result.exit_code, result.output


def test_p05_create_list_disable_delete(tmp_path: Path) -> None:
    code, out = run("tenants", "create", "acme", "--name", "顶好装饰", "--admin-username", "boss",
                    "--stores", "A,B", data_dir=tmp_path, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert code == 0, out
    assert "tenant acme ready" in out
    code, out = run("tenants", "list", data_dir=tmp_path)
    assert code == 0 and "acme" in out and "A, B" in out and "yes" in out

    code, out = run("tenants", "create", "acme", "--name", "again", "--admin-username", "boss2",
                    data_dir=tmp_path, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert code == 1 and "already exists" in out
    code, out = run("tenants", "create", "Bad_Id", "--name", "x", "--admin-username", "boss3",
                    data_dir=tmp_path, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert code == 1 and "tenant_id" in out
    code, out = run("tenants", "create", "short", "--name", "x", "--admin-username", "boss4",
                    data_dir=tmp_path, input="short\nshort\n")
    assert code == 1 and "admin_password" in out

    code, out = run("tenants", "disable", "acme", data_dir=tmp_path)
    assert code == 0 and "1 account(s) disabled" in out
    users = UserStore(f"sqlite:///{tmp_path / 'identity.db'}")
    assert users.find("acme", "boss") is not None and not users.find("acme", "boss").enabled  # type: ignore[union-attr]
    directory = open_directory(Settings(data_dir=tmp_path))
    assert not directory.tenant_exists("acme")

    code, out = run("tenants", "delete", "acme", data_dir=tmp_path)
    assert code == 2 and "--yes" in out
    code, out = run("tenants", "delete", "acme", "--yes", data_dir=tmp_path)
    assert code == 0, out
    assert "store_memberships" in out and "catalogue_items" in out and "tenant acme deleted" in out
    assert directory.tenant("acme") is None and users.find("acme", "boss") is None
    code, out = run("tenants", "delete", "acme", "--yes", data_dir=tmp_path)
    assert code == 1 and "not found" in out
    directory.dispose()
    users.dispose()


def test_P06_create_takes_the_hq_settings_to_start_with(tmp_path: Path) -> None:
    good, bad = tmp_path / "settings.json", tmp_path / "bad.json"
    good.write_text('{"company_name": "顶好装饰有限公司", "defaults": {"first_installment_ratio": "0.5"}}',
                    encoding="utf-8")
    bad.write_text('{"defaults": {"first_installment_ratio": "2"}}', encoding="utf-8")
    code, out = run("tenants", "create", "nope", "--name", "x", "--admin-username", "boss5", "--settings", str(bad),
                    data_dir=tmp_path, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert code == 1 and "settings.defaults.first_installment_ratio" in out
    code, out = run("tenants", "create", "acme", "--name", "顶好装饰", "--admin-username", "boss",
                    "--settings", str(good), data_dir=tmp_path, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert code == 0, out
    directory = open_directory(Settings(data_dir=tmp_path))
    assert directory.tenant("nope") is None  # refused before anything was written
    hq = directory.hq_settings("acme")
    assert (hq.company_name, str(hq.defaults.first_installment_ratio)) == ("顶好装饰有限公司", "0.5")
    directory.dispose()
