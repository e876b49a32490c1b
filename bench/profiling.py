"""``--profile DIR``: py-spy samples the bench's process (the gateway) and its children (the
nameko services, the load client) while a benchmark's measured phase runs.

py-spy is a sampling profiler that attaches from outside, so the code under test runs unchanged.
Each phase writes ``DIR/<mode>-<benchmark>.txt`` in py-spy's "raw" (collapsed stacks) format;
:func:`summarise` turns one into the table docs/performance.md shows.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_directory: Path | None = None


def enable(directory: Path | None) -> None:
    """Profile from now on into ``directory`` (None: never)."""
    global _directory
    _directory = directory
    if directory is not None:
        if shutil.which("py-spy") is None and not (Path(sys.executable).parent / "py-spy").exists():
            raise SystemExit("--profile needs py-spy (pip install -c constraints.txt py-spy)")
        directory.mkdir(parents=True, exist_ok=True)


@contextmanager
def profiled(name: str, rate: int = 200) -> Iterator[None]:
    """Sample this process and its children while the block runs (a no-op unless enabled)."""
    if _directory is None:
        yield
        return
    exe = Path(sys.executable).parent / "py-spy"
    out = _directory / f"{name}.txt"
    spy = subprocess.Popen([str(exe if exe.exists() else "py-spy"), "record", "--pid", str(os.getpid()),
                            "--subprocesses", "--rate", str(rate), "--format", "raw", "--nonblocking",
                            "--output", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)  # attaching takes a moment
    try:
        yield
    finally:
        spy.send_signal(signal.SIGINT)
        spy.wait(timeout=60)


def summarise(path: Path, top: int = 25) -> list[str]:
    """Per process, the share of samples each function appears in (inclusive), and the leaves (self)."""
    inclusive: dict[str, Counter[str]] = {}
    leaves: dict[str, Counter[str]] = {}
    totals: Counter[str] = Counter()
    for line in path.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack.split(";")
        starts = [i for i, f in enumerate(frames) if f.startswith("process ")]
        process = _process_label(frames[starts[-1]]) if starts else "?"
        calls = [f for f in frames[(starts[-1] + 1 if starts else 0):] if not f.startswith("thread ")]
        totals[process] += count
        inclusive.setdefault(process, Counter()).update({f: count for f in set(calls)})
        if calls:
            leaves.setdefault(process, Counter())[calls[-1]] += count
    lines = []
    for process, total in totals.most_common():
        lines.append(f"{process}: {total} samples")
        for frame, n in inclusive[process].most_common(top):
            lines.append(f"  {100 * n / total:5.1f}%  {frame}")
        lines.append("  self:")
        for frame, n in leaves.get(process, Counter()).most_common(10):
            lines.append(f"  {100 * n / total:5.1f}%  {frame}")
    return lines


def _process_label(frame: str) -> str:
    """``process 123:"… nameko run --config … services.contracts.service"`` → ``services.contracts.service``."""
    command = frame.partition(":")[2].strip('"')
    words = command.split()
    if "nameko" in command and words:
        return words[-1]
    if "spawn_main" in command or "multiprocessing" in command:
        return "load client"
    return "bench process (gateway)"
