"""An operation is declared once: its command, its result, its use case and (if public) its route.

A service lists its operations in ``operations.py``::

    OPERATIONS = (
        Operation(start_step, StartStep, StepRead, route=Route("POST", "/projects/{project_id}/steps/{step}/start")),
        Operation(open_store, OpenStore, StoreRead),          # internal: RPC only, no public path
    )

From that one table :func:`serves` gives the nameko class one ``@rpc`` entrypoint per operation
(validate the fields into the command, call the use case with the dependencies it names, check
the answer against the result model), and the gateway builds one route per public operation with
its request and response schemas (``gateway/operations.py``). Adding an endpoint is the domain
rule, the use case and one line here.

Use cases follow cosmicpython's handlers: ``def start_step(cmd: StartStep, *, uow, principal) ->
…``. The command carries every input, path parameters included; the keyword-only parameters name
the dependencies the use case needs, chosen from :data:`DEPENDENCIES`.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from shared.persistence.db import reads_only
from shared.validation import parse

Method = Literal["GET", "POST", "PUT", "DELETE"]

#: What a use case may ask for by parameter name; the entrypoint supplies each per call.
DEPENDENCIES = ("uow", "principal", "idempotency_key", "caller", "documents")

_PATH_PARAM = re.compile(r"{(\w+)}")


@dataclass(frozen=True)
class Route:
    """Where an operation is public: ``method`` and ``path`` under ``/api/v1``, and its success status."""

    method: Method
    path: str
    status: int = 200
    #: Fields of the command read from the query string (GET lists) rather than the JSON body.
    query: tuple[str, ...] = ()
    #: True where the body may be left out (every field has a default).
    optional_body: bool = False

    @property
    def path_params(self) -> tuple[str, ...]:
        """The ``{name}`` parts of the path, in order."""
        return tuple(_PATH_PARAM.findall(self.path))


@dataclass(frozen=True)
class Operation:
    """One use case with its typed input and output: an RPC entrypoint, and a route if public."""

    use_case: Callable[..., Any]
    command: type[BaseModel]
    result: type[BaseModel] | None = None
    route: Route | None = None
    #: The RPC name; by default the use case's own.
    rpc_name: str = ""
    #: A GET that writes all the same (a statement produced on first read and kept): its
    #: transactions take SQLite's write lock up front like any write's (:attr:`reads_only`).
    writes: bool = False
    needs: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rpc_name", self.rpc_name or self.use_case.__name__)
        params = inspect.signature(self.use_case).parameters
        needs = tuple(n for n, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY)
        unknown = set(needs) - set(DEPENDENCIES)
        if unknown:
            raise TypeError(f"{self.rpc_name} asks for unknown dependencies {sorted(unknown)}")
        object.__setattr__(self, "needs", needs)
        if self.route:
            fields = set(self.command.model_fields)
            missing = set(self.route.path_params + self.route.query) - fields
            if missing:
                raise TypeError(f"{self.rpc_name}: {sorted(missing)} are not fields of {self.command.__name__}")

    @property
    def summary(self) -> str:
        """The first line of the use case's docstring (the OpenAPI summary)."""
        return (inspect.getdoc(self.use_case) or self.rpc_name).splitlines()[0]

    @property
    def reads_only(self) -> bool:
        """True for a public GET not marked ``writes``: its transactions begin without SQLite's
        write lock (:func:`shared.persistence.db.reads_only`)."""
        return self.route is not None and self.route.method == "GET" and not self.writes

    def run(self, fields: Mapping[str, Any], dependencies: Mapping[str, Any]) -> Any:
        """Validate ``fields`` into the command, call the use case, return its answer as plain data."""
        cmd = parse(self.command, dict(fields))
        with reads_only() if self.reads_only else nullcontext():
            answer = self.use_case(cmd, **{name: dependencies[name] for name in self.needs})
        return plain(answer, self.result)


def plain(answer: Any, result: type[BaseModel] | None) -> Any:
    """The wire form of an answer, checked against its result model where one is declared."""
    if result is None:
        return answer.model_dump(mode="json") if isinstance(answer, BaseModel) else answer
    model = answer if isinstance(answer, result) else result.model_validate(answer)
    return model.model_dump(mode="json")


def serves(*operations: Operation) -> Callable[[type], type]:
    """Class decorator: one ``@rpc`` entrypoint per operation on a service's nameko class.

    The class provides :meth:`dependencies` (``PlatformService`` does), the values of
    :data:`DEPENDENCIES` for the current call.
    """
    from shared.messaging.nameko_support import rpc  # nameko is imported by the adapter, not by this declaration

    def decorate(cls: type) -> type:
        ops = dict(getattr(cls, "operations", {}))
        for op in operations:
            if op.rpc_name in ops or op.rpc_name in vars(cls):
                raise TypeError(f"{cls.__name__} declares {op.rpc_name} twice")
            ops[op.rpc_name] = op
            setattr(cls, op.rpc_name, rpc(_entrypoint(op)))
        cls.operations = ops  # type: ignore[attr-defined]
        return cls

    return decorate


def _entrypoint(op: Operation) -> Callable[..., Any]:
    # Positional-only self: a field called "self" in a request body stays a field.
    def entrypoint(self: Any, /, **fields: Any) -> Any:
        return op.run(fields, self.dependencies())

    entrypoint.__name__ = entrypoint.__qualname__ = op.rpc_name
    entrypoint.__doc__ = inspect.getdoc(op.use_case)
    return entrypoint


@dataclass(frozen=True)
class PublicOperation:
    """What the gateway needs of an operation to serve its route: no use case, no service code."""

    service: str
    rpc_name: str
    route: Route
    command: type[BaseModel]
    result: type[BaseModel] | None
    summary: str


def public_operations(service: str, operations: Mapping[str, Operation]) -> list[PublicOperation]:
    """The routed operations of ``service``, as the gateway sees them."""
    return [PublicOperation(service, op.rpc_name, op.route, op.command, op.result, op.summary)
            for op in operations.values() if op.route is not None]
