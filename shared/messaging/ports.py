"""The ports between processes: RPC from the gateway to services, events between services.

Each has an in-process adapter (embedded mode, :mod:`shared.messaging.inprocess`) and a nameko/kombu adapter
(distributed mode); callers see only these protocols.
"""

from __future__ import annotations

from typing import Any, Protocol

from shared.identity.context import CallContext


class RpcClient(Protocol):
    """Calls an ``@rpc`` entrypoint of a service; raises :class:`shared.errors.DomainError`."""

    # Positional-only: the keyword fields are a command's, and a payment has a field "method".
    def call(self, service: str, method: str, context: CallContext, /, **kwargs: Any) -> Any: ...


class EventPublisher(Protocol):
    """Delivers one event message (an envelope from :func:`shared.messaging.events.envelope`)."""

    def publish(self, source_service: str, event_type: str, payload: dict[str, Any]) -> None: ...
