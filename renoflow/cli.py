"""The ``renoflow`` command line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(help="RenoFlow: the home-renovation business platform (家装业务平台).", no_args_is_help=True)
console = Console()


@app.callback()
def main() -> None:
    """RenoFlow's command line."""


@app.command()
def up(
    port: Annotated[int, typer.Option(help="HTTP port of the gateway")] = 8000,
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    data_dir: Annotated[Path, typer.Option(help="where the embedded databases and documents live")] = Path("var"),
) -> None:
    """Start the embedded platform (one process) and seed the demo tenants when empty."""
    import uvicorn

    os.environ.update(RENOFLOW_PORT=str(port), RENOFLOW_HOST=host, RENOFLOW_DATA_DIR=str(data_dir))
    from renoflow.demo import seed_demo_data
    from renoflow.embedded import build_platform
    from shared.settings import Settings

    settings = Settings()
    platform = build_platform(settings)
    created = seed_demo_data(platform)
    platform.start_relay_thread()
    console.print(f"[bold green]RenoFlow[/] embedded mode on [link]http://{host}:{port}/[/link]")
    console.print(f"data in {data_dir.resolve()}; demo data {'created' if created else 'already there'}")
    console.print("log in as designer-a / demo (see README for all demo users); Ctrl-C stops")
    try:
        uvicorn.run(platform.app, host=host, port=port, log_level="info")
    finally:
        platform.close()


if __name__ == "__main__":
    app()
