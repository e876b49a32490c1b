"""The ``renoflow`` command line."""

from __future__ import annotations

import json
import logging
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from shared.settings import Settings

app = typer.Typer(help="RenoFlow: the home-renovation business platform (家装业务平台).", no_args_is_help=True)
db_app = typer.Typer(help="Databases and message bus of distributed mode.", no_args_is_help=True)
dead_app = typer.Typer(help="Events that exhausted their retries.", no_args_is_help=True)
app.add_typer(db_app, name="db")
tenants_app = typer.Typer(help="Tenants (companies): onboard, list, disable, delete (operators).",
                          no_args_is_help=True)
app.add_typer(dead_app, name="dead-letters")
app.add_typer(tenants_app, name="tenants")
console = Console()

PortOption = Annotated[int, typer.Option(help="HTTP port of the gateway")]
HostOption = Annotated[str, typer.Option(help="interface to listen on")]
DataDirOption = Annotated[Path, typer.Option(help="where local databases, documents and keys live")]


@app.callback()
def main() -> None:
    """RenoFlow's command line."""


#: Where `up --distributed` finds PostgreSQL when RENOFLOW_DATABASE_URL does not say.
LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/"


def _settings(**overrides: object) -> Settings:
    # The options given on the command line win over RENOFLOW_* variables; the object is passed
    # on from here (service processes get it as their environment, see renoflow.distributed).
    from shared.settings import Settings

    return Settings(**overrides)  # type: ignore[arg-type]


@app.command()
def up(
    port: PortOption = 8000,
    host: HostOption = "127.0.0.1",
    data_dir: DataDirOption = Path("var"),
    distributed: Annotated[bool, typer.Option(
        "--distributed", help="run each service as a nameko process on RabbitMQ and PostgreSQL")] = False,
    replicas: Annotated[int, typer.Option(
        "--replicas", min=1, help="with --distributed: processes per service (contracts-1, contracts-2 …)")] = 1,
) -> None:
    """Start RenoFlow (embedded mode unless --distributed) and seed the demo tenants when empty.

    With RENOFLOW_ENVIRONMENT=production no demo data is created: onboard tenants with add-tenant.
    """
    if distributed:
        _up_distributed(port, host, data_dir, replicas)
    else:
        if replicas != 1:
            raise typer.BadParameter("--replicas needs --distributed (embedded mode is one process)")
        _up_embedded(port, host, data_dir)


def _up_embedded(port: int, host: str, data_dir: Path) -> None:
    import uvicorn

    from renoflow.demo import seed_demo_activity, seed_demo_unless_production
    from renoflow.embedded import build_platform
    from shared.observability.logs import configure_logging

    settings = _settings(port=port, host=host, data_dir=data_dir)
    configure_logging(log_format=settings.log_format)
    platform = build_platform(settings)
    created = seed_demo_unless_production(platform.identity, platform.directory, platform.services,
                                          environment=settings.environment)
    if created:  # an empty database: a few months of the demo company's work (embedded only)
        _say("first start: seeding four months of the demo company's work (signed forms render as PDFs) …")
        seed_demo_activity(platform)
    platform.start_relay_thread()
    platform.start_timer_thread()
    _announce(host, port, data_dir, created, "embedded")
    try:
        uvicorn.run(platform.app, host=host, port=port, log_level="info", log_config=None, access_log=False)
    finally:
        platform.close()


def _up_distributed(port: int, host: str, data_dir: Path, replicas: int = 1) -> None:
    import uvicorn

    from renoflow.demo import seed_demo_unless_production
    from renoflow.distributed import ServiceProcesses, build_gateway, provision_all
    from shared.observability.logs import configure_logging

    settings = _settings(port=port, host=host, data_dir=data_dir, mode="distributed")
    if settings.database_url is None:
        settings = _settings(port=port, host=host, data_dir=data_dir, mode="distributed", database_url=LOCAL_POSTGRES)
    configure_logging(log_format=settings.log_format)
    _say(f"provisioning databases on {settings.database_url} and the bus on {settings.amqp_uri} …")
    provision_all(settings)
    processes = ServiceProcesses(settings, log_dir=data_dir / "logs", replicas=replicas)
    processes.start()
    try:
        processes.wait_ready()
        processes.supervise()  # a crashed service comes back, with back-off; stop() ends this first
        gateway = build_gateway(settings)
        created = seed_demo_unless_production(gateway.identity, gateway.directory, gateway.rpc,
                                              environment=settings.environment)
        _announce(host, port, data_dir, created, "distributed")
        _say(f"service logs in {(data_dir / 'logs').resolve()}")
        uvicorn.run(gateway.app, host=host, port=port, log_level="info", log_config=None, access_log=False)
    finally:
        processes.stop()


def _announce(host: str, port: int, data_dir: Path, created: bool | None, mode: str) -> None:
    _say(f"RenoFlow {mode} mode on http://{host}:{port}/")
    if created is None:
        _say(f"data in {data_dir.resolve()}; production: no demo data, no demo users")
        _say("onboard a company with `renoflow add-tenant`; Ctrl-C stops")
        return
    _say(f"data in {data_dir.resolve()}; demo data {'created' if created else 'already there'}")
    _say("sign in as designer-a / demo (README lists every demo user); Ctrl-C stops")


def _say(message: str) -> None:
    # A server's announcements are log records, so its output keeps the one log format.
    logging.getLogger("renoflow").info(message)


@app.command()
def gateway(port: PortOption = 8000, host: HostOption = "0.0.0.0") -> None:  # noqa: S104 - a container
    """Serve only the gateway of distributed mode (docker compose runs the services apart)."""
    import uvicorn

    from renoflow.distributed import build_gateway
    from shared.observability.logs import configure_logging
    from shared.settings import get_settings

    settings = get_settings()
    configure_logging(log_format=settings.log_format)
    # log_config=None: uvicorn's loggers propagate to our one handler instead of printing their own
    # format; access_log=False: the gateway writes the access line itself, inside the request's
    # span and with the caller's tenant (gateway/access_log.py).
    uvicorn.run(build_gateway(settings).app, host=host, port=port, log_level="info", log_config=None,
                access_log=False, proxy_headers=True)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True}, add_help_option=False)
def bench(ctx: typer.Context) -> None:
    """Run the benchmark suite of a checkout (bench/), as `python -m bench` does; --help lists its options."""
    import sys

    root = Path(__file__).resolve().parents[1]
    if not (root / "bench" / "cli.py").is_file():
        console.print("[red]the benchmarks live in a checkout of the repository (bench/), "
                      "not in an installed package[/]")
        raise typer.Exit(2)
    sys.path.insert(0, str(root))
    from bench.cli import app as bench_app

    bench_app(args=list(ctx.args), prog_name="renoflow bench")


@app.command("add-tenant")
def add_tenant(
    tenant_id: Annotated[str, typer.Option("--id", help="short lowercase id, e.g. acme")],
    name: Annotated[str, typer.Option(help="company name, e.g. 顶好装饰")],
    admin_username: Annotated[str, typer.Option(help="the first administrator's username")],
    admin_password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
    stores: Annotated[str, typer.Option(help="store letters, comma-separated")] = "A",
    data_dir: DataDirOption = Path("var"),
) -> None:
    """Embedded mode: onboard a new company (directory, stores, first admin, catalogue)."""
    from renoflow.embedded import build_platform
    from renoflow.onboarding import onboard_embedded_tenant
    from shared.errors import DomainError

    settings = _settings(data_dir=data_dir)
    platform = build_platform(settings)
    try:
        onboard_embedded_tenant(platform, tenant_id=tenant_id, name=name, admin_username=admin_username,
                                admin_password=admin_password,
                                stores=[s.strip().upper() for s in stores.split(",") if s.strip()])
    except DomainError as exc:
        console.print(f"[red]{exc.detail}[/] ({exc.field or exc.rule or type(exc).__name__})")
        raise typer.Exit(1) from None
    finally:
        platform.close()
    console.print(f"tenant {tenant_id} ready: sign in as {admin_username}")


@app.command("seed-demo")
def seed_demo_command() -> None:
    """Distributed mode: create the demo tenants in the directory and the services (idempotent).

    The demo users come from the Keycloak realm import (or the built-in provider without one).
    Refused in production (RENOFLOW_ENVIRONMENT=production), before anything is touched.
    """
    from renoflow.demo import seed_demo_services
    from renoflow.distributed import ServiceProcesses, build_gateway
    from renoflow.identity.demo import DemoDataRefused, refuse_in_production
    from shared.settings import get_settings

    settings = get_settings()
    try:
        refuse_in_production(settings.environment)
    except DemoDataRefused as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None
    ServiceProcesses(settings, log_dir=settings.data_dir / "logs").wait_ready()
    gateway = build_gateway(settings)
    gateway.directory.ensure_schema()
    created = seed_demo_services(gateway.identity, gateway.directory, gateway.rpc,
                                 environment=settings.environment)
    gateway.rpc.close()
    console.print("demo data created" if created else "demo data already there")


@db_app.command("provision")
def db_provision() -> None:
    """Create roles and per-service databases, apply migrations, declare queues (idempotent)."""
    from renoflow.distributed import provision_all
    from shared.settings import get_settings

    queues = provision_all(get_settings())
    console.print(f"databases migrated; {queues} queues declared")


@dead_app.command("list")
def dead_letters_list() -> None:
    """List dead-lettered events (they stay queued); embedded mode: events its relay set aside."""
    from renoflow.dead_letters import list_dead_letters
    from shared.settings import get_settings

    settings = get_settings()
    table = Table("event id", "type", "tenant", "where", "attempts", "failed at", "error")
    if settings.mode == "embedded":
        for service, event in _embedded_dead_events(settings):
            table.add_row(str(event["event_id"]), str(event["event_type"]), str(event["tenant_id"]),
                          f"{service} outbox", str(event["attempts"]), str(event["dead_at"]), str(event["last_error"]))
    else:
        for d in list_dead_letters(settings.amqp_uri):
            table.add_row(d.event_id, d.event_type, d.tenant_id, d.queue, str(d.attempts), d.failed_at, d.error)
    console.print(table if table.row_count else "no dead letters")


def _embedded_dead_events(settings: object) -> list[tuple[str, dict[str, object]]]:
    from renoflow.services import SERVICE_CLASSES
    from shared.messaging.outbox import dead_events

    found = []
    for cls in SERVICE_CLASSES:
        res = cls.build_resources(settings)  # type: ignore[attr-defined]
        found += [(res.service, e) for e in dead_events(res.db, res.tables)]
        res.db.dispose()
    return found


@dead_app.command("replay")
def dead_letters_replay(
    event_id: Annotated[str | None, typer.Option(help="replay only this event")] = None,
) -> None:
    """Send dead-lettered events back to the handler queue they failed in."""
    from renoflow.dead_letters import replay_dead_letters
    from shared.settings import get_settings

    settings = get_settings()
    if settings.mode == "embedded":
        from renoflow.services import SERVICE_CLASSES
        from shared.messaging.outbox import revive

        count = 0
        for cls in SERVICE_CLASSES:
            res = cls.build_resources(settings)  # type: ignore[attr-defined]
            count += revive(res.db, res.tables, event_id)
            res.db.dispose()
        console.print(f"{count} event(s) back in line; the running platform delivers them within seconds")
        return
    console.print(f"{replay_dead_letters(settings.amqp_uri, event_id)} event(s) replayed")


def _tenant_settings(data_dir: Path | None) -> Settings:
    from shared.settings import get_settings

    settings = get_settings()
    return settings if data_dir is None else _settings(data_dir=data_dir)


def _fail(exc: Exception) -> typer.Exit:
    from shared.errors import DomainError

    if isinstance(exc, DomainError):
        console.print(f"[red]{exc.detail}[/] ({exc.field or exc.rule or type(exc).__name__})")
    else:
        console.print(f"[red]{exc}[/]")
    return typer.Exit(1)


TenantDataDir = Annotated[Path | None, typer.Option(
    help="embedded mode: the data directory (default: RENOFLOW_DATA_DIR or var)")]


@tenants_app.command("create")
def tenants_create(
    tenant_id: Annotated[str, typer.Argument(help="short lowercase id, e.g. acme (the organization's alias)")],
    name: Annotated[str, typer.Option(help="company name, e.g. 顶好装饰")],
    admin_username: Annotated[str, typer.Option(help="the first tenant admin's username")],
    admin_password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True,
                                                help="at least 12 characters")],
    stores: Annotated[str, typer.Option(help="store letters, comma-separated")] = "A",
    timezone: Annotated[str, typer.Option(help="the stores' IANA time zone")] = "Asia/Shanghai",
    name_en: Annotated[str, typer.Option(help="English name")] = "",
    settings_file: Annotated[Path | None, typer.Option(
        "--settings", help="a JSON file of the HQ settings to start with (as PUT /api/v1/admin/settings)")] = None,
    data_dir: TenantDataDir = None,
) -> None:
    """Onboard a company: its organization (Keycloak when configured), stores, first tenant admin and settings."""
    from gateway.admin.commands import CreateTenant
    from renoflow.tenants import operator_administration
    from shared.validation import parse

    settings = _tenant_settings(data_dir)
    codes = [s.strip().upper() for s in stores.split(",") if s.strip()]
    try:
        cmd = parse(CreateTenant, {"tenant_id": tenant_id, "name": name, "name_en": name_en,
                                   "admin_username": admin_username, "admin_password": admin_password,
                                   "stores": [{"code": c, "name": f"{name} {c}", "timezone": timezone} for c in codes],
                                   **({"settings": json.loads(settings_file.read_text(encoding="utf-8"))}
                                      if settings_file else {})})
        with operator_administration(settings) as admin:
            admin.create_tenant(cmd)
    except Exception as exc:
        raise _fail(exc) from None
    console.print(f"tenant {tenant_id} ready (stores {', '.join(codes)}): sign in as {admin_username}")


@tenants_app.command("list")
def tenants_list(data_dir: TenantDataDir = None) -> None:
    """Every tenant with its stores and whether it is enabled."""
    from renoflow.tenants import operator_administration

    table = Table("tenant", "name", "stores", "enabled")
    with operator_administration(_tenant_settings(data_dir), services=False) as admin:
        for tenant in admin.tenants():
            codes = ", ".join(s.code for s in admin.directory.stores_of_tenant(tenant.tenant_id))
            table.add_row(tenant.tenant_id, tenant.name, codes, "yes" if tenant.enabled else "[red]no[/]")
    console.print(table if table.row_count else "no tenants")


@tenants_app.command("disable")
def tenants_disable(tenant_id: Annotated[str, typer.Argument()], data_dir: TenantDataDir = None) -> None:
    """Refuse the tenant's tokens and disable all its accounts (its data stays)."""
    from renoflow.tenants import operator_administration

    try:
        with operator_administration(_tenant_settings(data_dir), services=False) as admin:
            count = admin.disable_tenant(tenant_id)
    except Exception as exc:
        raise _fail(exc) from None
    console.print(f"tenant {tenant_id} disabled; {count} account(s) disabled")


@tenants_app.command("delete")
def tenants_delete(
    tenant_id: Annotated[str, typer.Argument()],
    yes: Annotated[bool, typer.Option("--yes", help="really delete: every row, document and account")] = False,
    data_dir: TenantDataDir = None,
) -> None:
    """Delete a tenant everywhere (PIPL): rows in every database, documents, organization and accounts."""
    from renoflow.tenants import delete_tenant

    if not yes:
        console.print("[red]refused[/]: deleting a tenant cannot be undone; repeat with --yes "
                      "(export it first: GET /api/v1/admin/export)")
        raise typer.Exit(2)
    try:
        report = delete_tenant(_tenant_settings(data_dir), tenant_id)
    except Exception as exc:
        raise _fail(exc) from None
    table = Table("where", "table", "removed")
    for where, counts in report.items():
        for name, count in counts.items():
            table.add_row(where, name, str(count))
    console.print(table)
    console.print(f"tenant {tenant_id} deleted")


ServerUrlOption = Annotated[str | None, typer.Option(
    "--server-url", envvar="RENOFLOW_BACKUP_DATABASE_URL",
    help="a PostgreSQL superuser's URL (the tables force row-level security); default RENOFLOW_DATABASE_URL")]
PgBinOption = Annotated[Path | None, typer.Option(
    "--pg-bin", help="folder of pg_dump, pg_restore and psql (the server's major version or newer)")]
PgExecOption = Annotated[str, typer.Option(
    "--pg-exec", help="run pg_dump/pg_restore/psql through this command, e.g. 'docker compose exec -T postgres'")]


@app.command("backup")
def backup_command(
    target: Annotated[Path, typer.Argument(help="a new directory for this backup, e.g. backups/2026-12-01")],
    server_url: ServerUrlOption = None,
    pg_bin: PgBinOption = None,
    pg_exec: PgExecOption = "",
) -> None:
    """Back up every database (the gateway's included) and the documents, with a manifest of checksums."""
    from renoflow.backup import BackupError, backup
    from renoflow.services import MIGRATIONS
    from shared.settings import get_settings

    try:
        report = backup(get_settings(), target, list(MIGRATIONS), server_url=server_url, pg_bin=pg_bin,
                        pg_exec=shlex.split(pg_exec))
    except BackupError as exc:
        raise _fail(exc) from None
    console.print(f"backup in {report.directory}: {len(report.databases)} databases "
                  f"({', '.join(report.databases)}), {report.documents} documents")


@app.command("restore")
def restore_command(
    source: Annotated[Path, typer.Argument(help="a directory `renoflow backup` wrote")],
    replace: Annotated[bool, typer.Option(
        "--replace", help="drop and recreate databases that exist (and replace the documents folder)")] = False,
    check: Annotated[bool, typer.Option("--check", help="only verify the backup's checksums")] = False,
    server_url: ServerUrlOption = None,
    pg_bin: PgBinOption = None,
    pg_exec: PgExecOption = "",
) -> None:
    """Restore a backup: every checksum is verified first; existing databases only with --replace."""
    from renoflow.backup import BackupError, restore, verify
    from shared.settings import get_settings

    try:
        if check:
            manifest = verify(source)
            console.print(f"backup of {manifest.created_at} is complete: {len(manifest.databases)} databases, "
                          f"{len(manifest.documents)} documents, every checksum matches")
            return
        report = restore(get_settings(), source, server_url=server_url, replace=replace, pg_bin=pg_bin,
                         pg_exec=shlex.split(pg_exec))
    except BackupError as exc:
        raise _fail(exc) from None
    console.print(f"restored {len(report.databases)} databases ({', '.join(report.databases)}) and "
                  f"{report.documents} documents; start the platform (migrations run as usual)")
    if report.replayed:
        console.print("events sent again when the services start (their inboxes drop repeats): "
                      + ", ".join(f"{db} {n}" for db, n in report.replayed.items()))


if __name__ == "__main__":
    app()
