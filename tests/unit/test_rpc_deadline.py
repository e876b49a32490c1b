"""Issue 6 item 4 at the service: a call whose caller gave up is refused before the use case runs.

Both paths: nameko's RPC entrypoint (distributed mode) and the in-process adapter (embedded).
"""

from __future__ import annotations

import time
from typing import Any, cast

import pytest
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR
from nameko.rpc import Rpc

from renoflow.services import SERVICE_CLASSES
from shared.errors import Unavailable
from shared.identity.context import CallContext, Principal, refuse_if_expired
from shared.messaging.inprocess import InProcessServices
from shared.messaging.nameko_support import DeadlineRpc, rpc
from shared.messaging.service_kit import ServiceResources


class Sketchbook:
    """A service whose one entrypoint records that it ran."""

    name = "sketchbook"
    ran: list[str] = []

    @rpc  # type: ignore[misc]
    def draw(self, what: str) -> str:
        Sketchbook.ran.append(what)
        return what


@pytest.fixture(autouse=True)
def clean() -> None:
    Sketchbook.ran.clear()


def context(deadline: float | None) -> CallContext:
    return CallContext(principal=Principal(tenant_id="demo", user_id="u1", username="designer-a"),
                       deadline=deadline)


def test_H6_refuse_if_expired_passes_in_time_and_refuses_after() -> None:
    refuse_if_expired(None, "x")
    refuse_if_expired(100.0, "x", now=99.0)
    with pytest.raises(Unavailable) as exc:
        refuse_if_expired(100.0, "sales.create_lead", now=102.5)
    assert exc.value.status == 503 and "gave up" in exc.value.detail and "2.5 s" in exc.value.detail


def test_H6_the_deadline_crosses_as_context_data() -> None:
    data = context(123.5).to_data()
    assert data["deadline"] == 123.5
    assert CallContext.from_data(data).deadline == 123.5
    assert "deadline" not in context(None).to_data()
    assert CallContext.from_data({**data, "deadline": "not a time"}).deadline is None


class Container:
    service_name = "sketchbook"
    service_cls = Sketchbook

    def __init__(self) -> None:
        self.spawned: list[dict[str, Any]] = []

    def spawn_worker(self, entrypoint: Any, args: Any, kwargs: Any, context_data: Any, handle_result: Any) -> None:
        self.spawned.append(kwargs)


class Message:
    def __init__(self, headers: dict[str, Any]) -> None:
        self.headers = headers


def entrypoint() -> tuple[DeadlineRpc, Container]:
    ep = DeadlineRpc(expected_exceptions=())
    container = Container()
    ep.container = container
    ep.method_name = "draw"
    return ep, container


def test_H6_nameko_entrypoint_refuses_an_expired_call_without_starting_a_worker() -> None:
    ep, container = entrypoint()
    message = Message({"nameko.principal": "{}", "nameko.deadline": time.time() - 5})
    with pytest.raises(Unavailable):
        ep.handle_message({"args": [], "kwargs": {"what": "house"}}, message)
    assert container.spawned == []


def test_H6_nameko_entrypoint_runs_a_call_in_time_or_without_deadline() -> None:
    ep, container = entrypoint()
    ep.handle_message({"args": [], "kwargs": {"what": "house"}}, Message({"nameko.deadline": time.time() + 5}))
    ep.handle_message({"args": [], "kwargs": {"what": "barn"}}, Message({}))
    assert container.spawned == [{"what": "house"}, {"what": "barn"}]


def test_H6_every_service_rpc_entrypoint_checks_the_deadline() -> None:
    for cls in SERVICE_CLASSES:
        for attr, fn in vars(cls).items():
            for ep in getattr(fn, ENTRYPOINT_EXTENSIONS_ATTR, ()):
                if isinstance(ep, Rpc):
                    assert isinstance(ep, DeadlineRpc), f"{cls.__name__}.{attr} uses nameko's plain @rpc"


def in_process() -> InProcessServices:
    services = InProcessServices()
    services.register(Sketchbook, cast(ServiceResources, None))  # it has no dependencies to build
    return services


def test_H6_in_process_call_refuses_an_expired_call_without_running_it() -> None:
    with pytest.raises(Unavailable):
        in_process().call("sketchbook", "draw", context(time.time() - 1), what="house")
    assert Sketchbook.ran == []


def test_H6_in_process_call_in_time_runs() -> None:
    assert in_process().call("sketchbook", "draw", context(time.time() + 5), what="house") == "house"
    assert in_process().call("sketchbook", "draw", context(None), what="barn") == "barn"
    assert Sketchbook.ran == ["house", "barn"]
