"""Issue 6 item 5: /readyz asks every service at once, each with the short readiness timeout."""

from __future__ import annotations

import threading
from typing import Any, cast

from renoflow.distributed import readiness
from renoflow.services import SERVICE_CLASSES
from shared.errors import Unavailable
from shared.messaging.amqp import NamekoRpcClient

NAMES = [cls.name for cls in SERVICE_CLASSES]  # type: ignore[attr-defined]


class Rpc:
    """Answers a health call only once every service's call has arrived: a sequential probe never would."""

    def __init__(self, silent: set[str]) -> None:
        self.silent = silent
        self.all_asked = threading.Barrier(len(NAMES), timeout=10)
        self.timeouts: set[float] = set()

    def call_within(self, timeout: float, service: str, method: str, context: Any, /, **kwargs: Any) -> Any:
        self.timeouts.add(timeout)
        self.all_asked.wait()
        if service in self.silent:
            raise Unavailable(f"{service} did not answer within {timeout:g} s")
        if service == "construction":
            raise ConnectionResetError("a broken connection is reported, not raised")
        return {"service": service, "database": "ok"}


def test_H6_readiness_asks_every_service_in_parallel_with_its_own_timeout() -> None:
    rpc = Rpc(silent={"finance", "aftercare"})
    checks = readiness(cast(NamekoRpcClient, rpc), 2.0)
    assert checks == {"sales": True, "contracts": True, "construction": False, "finance": False,
                      "aftercare": False, "reporting": True}
    assert list(checks) == NAMES and rpc.timeouts == {2.0}
