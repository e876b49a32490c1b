"""The suite's command line: ``python -m bench`` and ``renoflow bench`` both call :func:`run`."""

from __future__ import annotations

import math
import os
import platform as host
import shlex
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated

import typer

from bench.core import MODES, Figure, Target, report

app = typer.Typer(add_completion=False, help="RenoFlow's benchmarks (issue 8): figures against targets.")

#: The older single-purpose scripts, run only when named (they print their own figures).
EXTRAS = ("readyz", "replicas", "upload")


def benchmark_names() -> tuple[str, ...]:
    """Every name ``--only`` accepts."""
    return ("read", "sign", "events", *EXTRAS)


def parse_selection(only: Sequence[str], modes: Sequence[str]) -> tuple[list[str], list[str]]:
    """The benchmarks and modes to run, in their canonical order; raises ``typer.BadParameter``."""
    names = benchmark_names()
    chosen = [n.strip() for item in only for n in item.split(",") if n.strip()]
    unknown = sorted(set(chosen) - set(names))
    if unknown:
        raise typer.BadParameter(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(names)}",
                                 param_hint="--only")
    wanted_modes = [m.strip() for item in modes for m in item.split(",") if m.strip()]
    bad_modes = sorted(set(wanted_modes) - set(MODES))
    if bad_modes:
        raise typer.BadParameter(f"unknown mode {', '.join(bad_modes)}; choose from {', '.join(MODES)}",
                                 param_hint="--mode")
    selected = [n for n in names if n in chosen] if chosen else [n for n in names if n not in EXTRAS]
    return selected, [m for m in MODES if m in wanted_modes] if wanted_modes else list(MODES)


def parse_settings(pairs: Sequence[str]) -> dict[str, str]:
    """``NAME=VALUE`` pairs (``--set``) as settings overrides; raises ``typer.BadParameter``."""
    from shared.settings import Settings

    found: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lower().removeprefix("renoflow_")
        if not sep or name not in Settings.model_fields:
            raise typer.BadParameter(f"{pair!r} is not NAME=VALUE with a RenoFlow setting's name", param_hint="--set")
        found[name] = value
    return found


def run(*, quick: bool = False, only: Sequence[str] = (), modes: Sequence[str] = (),
        profile: Path | None = None, settings: Sequence[str] = (),
        echo: Callable[[str], object] = print) -> list[Figure]:
    """Run the selected benchmarks in each selected mode; print and return the figures."""
    selected, chosen_modes = parse_selection(only, modes)
    overrides = parse_settings(settings)
    from bench import profiling
    from bench.load import LoadClient
    from bench.platforms import running
    from bench.suite import BENCHMARKS, Sizes

    profiling.enable(profile)

    sizes = Sizes.quick() if quick else Sizes()
    echo(f"cores: {os.cpu_count()}; {host.python_implementation()} {host.python_version()}; "
         f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
         f"{'quick run' if quick else 'full run'}: {shlex.join(sys.argv)}")
    if overrides:
        echo(f"settings: {', '.join(f'{k}={v}' for k, v in overrides.items())}")
    figures: list[Figure] = []
    load = LoadClient()
    try:
        platform_benches = [n for n in selected if n in BENCHMARKS]
        for mode in chosen_modes if platform_benches else ():
            started = time.monotonic()
            with running(mode, **overrides) as live:
                echo(f"{mode}: platform up in {time.monotonic() - started:.0f} s")
                for name in platform_benches:
                    try:
                        got = BENCHMARKS[name](live, load, sizes)
                    except Exception as exc:  # one benchmark's failure is its MISS, not the run's end
                        got = [Figure(name, mode, "did not complete", math.nan, "",
                                      target=Target(0, ""), note=f"{type(exc).__name__}: {exc}"[:300])]
                    for figure in got:
                        echo(figure.line())
                    figures += got
    finally:
        load.close()
    for name in selected:
        if name in EXTRAS:
            _extra(name, quick)
    if figures:
        echo(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        echo("---")
        for line in report(figures):
            echo(line)
    return figures


def _extra(name: str, quick: bool) -> None:
    saved = sys.argv
    try:
        if name == "readyz":
            from bench import bench_readyz

            bench_readyz.main()
        elif name == "replicas":
            from bench import bench_replicas

            sys.argv = [saved[0], "10" if quick else "20"]
            bench_replicas.main()
        elif name == "upload":
            from bench import bench_upload

            sys.argv = [saved[0], "--megabytes", "20" if quick else "200"]
            bench_upload.main()
    finally:
        sys.argv = saved


@app.command()
def bench(
    quick: Annotated[bool, typer.Option("--quick", help="fewer requests and signings: a smoke run")] = False,
    only: Annotated[list[str] | None, typer.Option(
        "--only", help=f"run only these (repeat or comma-separate): {', '.join(benchmark_names())}")] = None,
    mode: Annotated[list[str] | None, typer.Option(
        "--mode", help="embedded and/or distributed (default both; distributed needs PostgreSQL and RabbitMQ)")] = None,
    profile: Annotated[Path | None, typer.Option(
        "--profile", help="also sample the measured phases with py-spy into this directory")] = None,
    setting: Annotated[list[str] | None, typer.Option(
        "--set", help="a setting for the platforms, NAME=VALUE (e.g. database_cooperative_waits=true)")] = None,
) -> None:
    """Run the benchmarks in both modes and print each figure, its floor and PASS/MISS per target."""
    figures = run(quick=quick, only=only or (), modes=mode or (), profile=profile, settings=setting or ())
    if any(f.passed is False for f in figures):
        raise typer.Exit(1)


def main() -> None:
    app(prog_name="python -m bench")
