"""The benchmark suite (bench/, issue 8 item 5) imports, parses its options and does its arithmetic right.

Nothing here starts a platform or times anything: the benchmarks themselves never run in the tests.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bench import cli, profiling
from bench.core import Figure, Target, gaps_and_duplicates, percentile, ratio, report


def test_I8_targets_score_as_ratios_and_say_pass_or_miss() -> None:
    at_least = Target(150, "/s")
    assert at_least.met(150) and not at_least.met(149.9)
    assert at_least.score(75) == pytest.approx(0.5)
    at_most = Target(50, " ms", at_least=False)
    assert at_most.met(50) and not at_most.met(51)
    assert at_most.score(25) == pytest.approx(2.0)  # twice as good as the target
    assert at_most.score(100) == pytest.approx(0.5)
    none_at_all = Target(0, "", at_least=False)
    assert (none_at_all.met(0), none_at_all.score(0)) == (True, 1.0)
    assert (none_at_all.met(1), none_at_all.score(3)) == (False, 0.0)
    assert not at_least.met(math.nan) and math.isnan(at_least.score(math.nan))


def test_I8_a_figure_is_its_ratio_to_its_floor() -> None:
    assert ratio(240, 480) == pytest.approx(0.5)
    assert math.isnan(ratio(240, 0))
    read = Figure("read", "distributed", "catalogue RenoFlow / bare", ratio(240, 400), "×",
                  target=Target(0.5, "× bare"))
    line = read.line()
    assert "0.60×" in line and "1.20× PASS" in line
    miss = Figure("sign", "embedded", "signings", 60, "/s", target=Target(100, "/s"), floor=300, floor_label="bare")
    assert "floor 300/s (bare)" in miss.line() and "0.60× MISS" in miss.line()
    info = Figure("sign", "embedded", "CPU per signing", 12.5, " ms")
    assert info.passed is None
    assert report([read, miss, info])[-1] == "targets: 1 PASS, 1 MISS"


def test_I8_percentile_is_the_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.95) == 95
    assert percentile(values, 0.5) == 50
    assert percentile([7.0], 0.95) == 7
    assert math.isnan(percentile([], 0.95))


def test_C04_gaps_and_duplicates_are_counted_per_store_and_day() -> None:
    gapless = ["A26120101", "A26120102", "A26120103", "B26120101", "B26120102"]
    assert gaps_and_duplicates(gapless) == (0, 0)
    assert gaps_and_duplicates(["A26120101", "A26120103"]) == (1, 0)
    assert gaps_and_duplicates(["A26120101", "A26120101", "A26120102"]) == (0, 1)
    # Another day starts at 01 again: no gap across days.
    assert gaps_and_duplicates(["A26120101", "A26120201"]) == (0, 0)


def test_I8_selection_of_benchmarks_and_modes() -> None:
    assert cli.parse_selection([], []) == (["read", "sign", "events"], ["embedded", "distributed"])
    assert cli.parse_selection(["events,read"], ["distributed"]) == (["read", "events"], ["distributed"])
    assert cli.parse_selection(["readyz"], []) == (["readyz"], ["embedded", "distributed"])
    with pytest.raises(typer.BadParameter, match="unknown benchmark"):
        cli.parse_selection(["nope"], [])
    with pytest.raises(typer.BadParameter, match="unknown mode"):
        cli.parse_selection([], ["cloud"])


def test_I8_settings_for_the_platforms_are_named_settings() -> None:
    assert cli.parse_settings(["database_cooperative_waits=true", "RENOFLOW_RPC_TIMEOUT_SECONDS=5"]) == {
        "database_cooperative_waits": "true", "rpc_timeout_seconds": "5"}
    with pytest.raises(typer.BadParameter):
        cli.parse_settings(["no_such_setting=1"])
    with pytest.raises(typer.BadParameter):
        cli.parse_settings(["rpc_timeout_seconds"])


def test_I8_the_command_line_refuses_an_unknown_benchmark_before_starting_anything() -> None:
    result = CliRunner().invoke(cli.app, ["--only", "nope"])
    assert result.exit_code == 2
    assert "unknown benchmark" in result.output
    assert "--quick" in CliRunner().invoke(cli.app, ["--help"]).output


def test_I8_a_py_spy_profile_is_summarised_per_process(tmp_path: Path) -> None:
    raw = tmp_path / "sign.txt"
    raw.write_text(
        'process 1:"python -m bench";process 2:"python nameko run --config x.yaml services.contracts.service";'
        "thread (0x1);main (a.py:1);sign (b.py:2) 3\n"
        'process 1:"python -m bench";process 2:"python nameko run --config x.yaml services.contracts.service";'
        "thread (0x1);main (a.py:1) 1\n"
        'process 1:"python -m bench";thread (0x2);serve (g.py:3) 4\n')
    lines = profiling.summarise(raw)
    assert "services.contracts.service: 4 samples" in lines
    assert "bench process (gateway): 4 samples" in lines
    assert "   75.0%  sign (b.py:2)" in lines


def test_I8_renoflow_bench_is_the_same_command() -> None:
    from renoflow.cli import app as renoflow_app

    result = CliRunner().invoke(renoflow_app, ["bench", "--only", "nope"])
    assert result.exit_code == 2
    assert "unknown benchmark" in result.output
