"""Issue 6 item 5: `renoflow up --distributed` restarts a crashed service process, with back-off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from renoflow.distributed import ServiceProcesses, restart_delay
from shared.settings import Settings


def test_H6_restart_delay_doubles_from_the_first_delay_up_to_the_maximum() -> None:
    assert [restart_delay(n, 1, 30) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]
    assert restart_delay(10_000, 0.5, 30) == 30  # no overflow after a very long crash loop
    assert restart_delay(0, 1, 30) == 1


class Process:
    """A stand-in for a Popen: running until told it exited."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.code: int | None = None

    def poll(self) -> int | None:
        return self.code


class Supervised(ServiceProcesses):
    """ServiceProcesses whose spawns are recorded instead of run."""

    def _spawn(self, service: str) -> None:
        self.spawned = [*getattr(self, "spawned", []), service]
        self.processes[service] = Process(100 + len(self.spawned))  # type: ignore[assignment]
        self._started_at[service] = self.now
        self._restart_due.pop(service, None)

    def at(self, now: float) -> Supervised:
        self.now = now
        self.tend(now)
        return self


def supervised(tmp_path: Path) -> Supervised:
    settings = Settings(data_dir=tmp_path, service_restart_backoff_seconds=1, service_restart_backoff_max_seconds=30)
    procs = Supervised(settings, log_dir=tmp_path)
    procs.now = 0.0
    procs._spawn("finance")
    procs.spawned = []
    return procs


def crash(procs: Supervised, service: str = "finance") -> None:
    proc: Any = procs.processes[service]
    proc.code = -9


def test_H6_a_crashed_service_is_restarted_after_a_growing_delay(tmp_path: Path) -> None:
    procs = supervised(tmp_path)
    crash(procs)
    procs.at(5.0)  # noticed: first restart due 1 s later
    assert procs.at(5.5).spawned == []
    assert procs.at(6.0).spawned == ["finance"]
    crash(procs)  # crashes again at once: 2 s this time
    procs.at(6.5)
    assert procs.at(8.0).spawned == ["finance"]
    assert procs.at(8.5).spawned == ["finance", "finance"]
    crash(procs)
    procs.at(9.0)  # third crash in a row: 4 s
    assert procs.at(12.5).spawned == ["finance", "finance"]
    assert procs.at(13.0).spawned == ["finance", "finance", "finance"]


def test_H6_a_service_that_ran_stably_starts_the_back_off_anew(tmp_path: Path) -> None:
    procs = supervised(tmp_path)
    crash(procs)
    procs.at(0.5).at(1.5)  # first crash: restarted after 1 s
    crash(procs)
    procs.at(2.0)
    assert procs._restart_due["finance"] == 4.0  # second in a row: 2 s
    procs.at(4.0)
    crash(procs)
    procs.at(100.0)  # ran for longer than the maximum delay since its last start: stable, 1 s again
    assert procs._restart_due["finance"] == 101.0


def test_H6_killed_or_stopped_processes_are_not_restarted(tmp_path: Path) -> None:
    procs = supervised(tmp_path)
    procs._spawn("sales")
    procs.spawned = []
    del procs.processes["sales"]  # what kill() does before killing: no longer supervised
    crash(procs)
    procs._stopping.set()  # stop() has begun
    assert procs.at(50.0).spawned == [] and procs._restart_due == {}


def test_I8_replicas_are_named_per_service_and_started_killed_and_restarted_one_by_one(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, service_restart_backoff_seconds=1, service_restart_backoff_max_seconds=30)
    procs = Supervised(settings, log_dir=tmp_path, replicas=2)
    procs.now = 0.0
    assert procs.process_names("contracts") == ["contracts-1", "contracts-2"]
    assert Supervised(settings, log_dir=tmp_path).process_names("contracts") == ["contracts"]
    procs.start("contracts")
    assert procs.spawned == ["contracts-1", "contracts-2"]
    procs.start("finance-2")
    assert sorted(procs.processes) == ["contracts-1", "contracts-2", "finance-2"]
    crash(procs, "contracts-1")
    procs.at(1).at(2)
    assert procs.spawned[-1] == "contracts-1"  # only the crashed replica came back
    assert procs._service_of("contracts-2") == "contracts"
    assert procs._service_of("finance") == "finance"
