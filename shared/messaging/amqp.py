"""Distributed mode's adapters on RabbitMQ, speaking nameko's wire layout.

- :class:`AmqpEventPublisher` sends outbox events to ``<service>.events`` (topic exchange, routing
  key = event type), persistent and with publisher confirms, where nameko's ``@event_handler``
  queues are bound.
- :class:`NamekoRpcClient` calls ``@rpc`` entrypoints through the ``nameko-rpc`` exchange from a
  thread-safe pool of connections, each with its own reply queue, and rebuilds domain errors.
  Requests expire with the call's time budget, and each service has its own concurrency limit.
"""

from __future__ import annotations

import json
import queue
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kombu import Connection, Exchange, Producer, Queue
from kombu import Consumer as KombuConsumer
from opentelemetry.trace import SpanKind

from shared.errors import ERRORS_BY_NAME, DomainError, NotFound, Unavailable
from shared.identity.context import CallContext
from shared.observability.tracing import current_trace_carrier, tracer

RPC_EXCHANGE = "nameko-rpc"
PERSISTENT = 2


def event_exchange(service: str) -> Exchange:
    """The exchange nameko binds ``@event_handler(service, …)`` queues to."""
    return Exchange(f"{service}.events", type="topic", durable=True, delivery_mode=PERSISTENT, auto_delete=False)


def context_headers(context: CallContext) -> dict[str, Any]:
    """nameko context data as message headers (``nameko.<key>``); nested values as JSON text."""
    headers: dict[str, Any] = {
        "nameko.call_id_stack": [f"gateway.{uuid.uuid4()}"],
        "nameko.principal": json.dumps(context.principal.to_data()),
        "nameko.trace": json.dumps(context.trace),
    }
    if context.idempotency_key:
        headers["nameko.idempotency_key"] = context.idempotency_key
    if context.deadline is not None:
        headers["nameko.deadline"] = context.deadline
    return headers


class AmqpEventPublisher:
    """Publishes event envelopes; returns only once the broker confirmed the message."""

    def __init__(self, amqp_uri: str) -> None:
        self.amqp_uri = amqp_uri
        self._lock = threading.Lock()
        self._connection: Connection | None = None

    def _producer(self) -> Producer:
        if self._connection is None:
            # confirm_publish: publish() blocks until RabbitMQ acks, so a row is marked published
            # only when the broker has it (architecture.md: publisher confirms).
            self._connection = Connection(self.amqp_uri, transport_options={"confirm_publish": True})
        return Producer(self._connection.default_channel)

    def publish(self, source_service: str, event_type: str, payload: dict[str, Any]) -> None:
        """Publish one event message persistently to its service's event exchange."""
        exchange = event_exchange(source_service)
        headers = {"nameko.call_id_stack": [f"{source_service}.outbox.{payload.get('event_id')}"],
                   "nameko.trace": json.dumps(payload.get("trace") or {})}
        with self._lock:
            try:
                self._producer().publish(
                    payload, exchange=exchange, routing_key=event_type, serializer="json",
                    delivery_mode=PERSISTENT, headers=headers, declare=[exchange],
                    retry=True, retry_policy={"max_retries": 3},
                )
            except Exception:
                self.close_locked()
                raise

    def close_locked(self) -> None:
        if self._connection is not None:
            try:
                self._connection.release()
            finally:
                self._connection = None

    def close(self) -> None:
        """Close the broker connection."""
        with self._lock:
            self.close_locked()


class _RpcChannel:
    """One connection with its own exclusive reply queue; used by one call at a time."""

    def __init__(self, amqp_uri: str) -> None:
        self.reply_key = str(uuid.uuid4())
        self.connection = Connection(amqp_uri)
        self.exchange = Exchange(RPC_EXCHANGE, type="topic", durable=True)
        self.replies: dict[str, dict[str, Any]] = {}
        self.pending: str | None = None
        reply_queue = Queue(f"rpc.reply-renoflow-gateway-{self.reply_key}", exchange=self.exchange,
                            routing_key=self.reply_key, auto_delete=True, exclusive=True)
        self.consumer = KombuConsumer(self.connection.channel(), queues=[reply_queue],
                                      callbacks=[self._on_reply], no_ack=True, accept=["json"])
        self.consumer.consume()
        self.producer = Producer(self.connection.channel())

    def _on_reply(self, body: dict[str, Any], message: Any) -> None:
        # A reply to an earlier call that timed out is dropped, not kept forever.
        correlation_id = message.properties.get("correlation_id", "")
        if correlation_id == self.pending:
            self.replies[correlation_id] = body

    def call(self, routing_key: str, kwargs: dict[str, Any], headers: dict[str, Any], timeout: float) -> Any:
        correlation_id = str(uuid.uuid4())
        self.pending = correlation_id
        # expiration: the broker drops the request unread once the caller has stopped waiting.
        self.producer.publish({"args": [], "kwargs": kwargs}, exchange=self.exchange, routing_key=routing_key,
                              serializer="json", headers=headers, reply_to=self.reply_key,
                              correlation_id=correlation_id, declare=[self.exchange], expiration=timeout)
        deadline = time.monotonic() + timeout
        while correlation_id not in self.replies:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(routing_key)
            try:
                self.connection.drain_events(timeout=min(remaining, 1.0))
            except TimeoutError:
                continue
            except OSError as exc:  # socket.timeout is an OSError subclass on 3.10+
                if "timed out" not in str(exc):
                    raise
        return self.replies.pop(correlation_id)

    def close(self) -> None:
        try:
            self.connection.release()
        except Exception:  # closing a broken connection must not mask the original error
            pass


class NamekoRpcClient:
    """The gateway's :class:`~shared.messaging.ports.RpcClient` in distributed mode.

    Each call has one time budget (``timeout``): waiting for a slot, the broker and the service all
    spend from it. The request carries that budget as its per-message TTL (the broker drops it
    unread once the gateway has given up) and as a ``deadline`` the service checks before it
    starts (for a message already handed to a consumer, which no TTL reaches). Each service has
    its own limit of concurrent calls (a bulkhead), so one hung service cannot take the slots of
    the others.
    """

    def __init__(self, amqp_uri: str, *, timeout: float = 10.0, limit_per_service: int = 8,
                 deadline_margin: float = 1.0) -> None:
        self.amqp_uri = amqp_uri
        self.timeout = timeout
        self.limit_per_service = limit_per_service
        self.deadline_margin = deadline_margin
        self._pool: queue.LifoQueue[_RpcChannel] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._bulkheads: dict[str, threading.BoundedSemaphore] = {}
        self._busy: dict[str, int] = {}

    def busy(self, service: str) -> int:
        """How many calls to ``service`` hold one of its slots now."""
        with self._lock:
            return self._busy.get(service, 0)

    @contextmanager
    def _slot(self, service: str, wait: float) -> Iterator[None]:
        with self._lock:
            slots = self._bulkheads.setdefault(service, threading.BoundedSemaphore(self.limit_per_service))
        # Waiting (within the call's budget) rather than refusing at once: a burst to a healthy
        # service, such as thirty simultaneous signings, queues briefly instead of failing.
        if not slots.acquire(timeout=max(0.0, wait)):
            raise Unavailable(f"the gateway is at its limit of {self.limit_per_service} concurrent calls "
                              f"to {service}")
        with self._lock:
            self._busy[service] = self._busy.get(service, 0) + 1
        try:
            yield
        finally:
            with self._lock:
                self._busy[service] -= 1
            slots.release()

    @contextmanager
    def _channel(self) -> Iterator[_RpcChannel]:
        channel: _RpcChannel | None = None
        try:
            try:
                channel = self._pool.get_nowait()
            except queue.Empty:
                channel = _RpcChannel(self.amqp_uri)
            yield channel
            self._pool.put(channel)
        except BaseException:
            if channel is not None:
                channel.close()  # a channel that failed mid-call may hold a stray reply
            raise

    def _deadline(self, remaining: float) -> float:
        # The service must *start* a little before the gateway gives up: the margin absorbs clock
        # skew between hosts and the use case's own run time (a quarter of a short budget at most).
        return time.time() + remaining - min(self.deadline_margin, remaining / 4)

    def call(self, service: str, method: str, context: CallContext, /, **kwargs: Any) -> Any:
        """Call ``service.method`` and return its answer, or raise the domain error it raised."""
        return self.call_within(self.timeout, service, method, context, **kwargs)

    def call_within(self, timeout: float, service: str, method: str, context: CallContext, /,
                    **kwargs: Any) -> Any:
        """:meth:`call` with its own time budget (health checks use a short one)."""
        started = time.monotonic()
        with tracer().start_as_current_span(f"{service}.{method} call", kind=SpanKind.CLIENT,
                                            attributes={"rpc.system": "nameko", "rpc.service": service,
                                                        "rpc.method": method}):
            try:
                with self._slot(service, timeout):
                    remaining = timeout - (time.monotonic() - started)
                    if remaining <= 0:
                        raise TimeoutError(service)
                    ctx = CallContext(principal=context.principal, trace=current_trace_carrier(),
                                      idempotency_key=context.idempotency_key, deadline=self._deadline(remaining))
                    with self._channel() as channel:
                        reply = channel.call(f"{service}.{method}", kwargs, context_headers(ctx), remaining)
            except TimeoutError:
                raise Unavailable(f"{service} did not answer within {timeout:g} s") from None
            except OSError as exc:
                raise Unavailable(f"the message bus is unreachable: {exc}") from None
        error = reply.get("error")
        if error:
            raise remote_error(error)
        return reply.get("result")

    def close(self) -> None:
        """Close every pooled connection."""
        while True:
            try:
                self._pool.get_nowait().close()
            except queue.Empty:
                return


class RemoteServiceError(DomainError):
    """A service failed unexpectedly; details stay in its log, not in the answer (500)."""

    status = 500
    title = "Internal error"


def remote_error(error: dict[str, Any]) -> DomainError:
    """Map a nameko error reply to a domain error by class name (as nameko-examples do)."""
    cls = ERRORS_BY_NAME.get(str(error.get("exc_type")))
    if cls is None:
        if error.get("exc_type") == "MethodNotFound":
            return NotFound("no such operation")
        return RemoteServiceError("the service failed to handle the request")
    args = list(error.get("exc_args") or [])
    detail = str(args[0]) if args else str(error.get("value", ""))
    # nameko passes each arg through safe_for_serialization, which turns None into "None".
    rule, field = ((str(a) if a not in (None, "None", "") else None) for a in (args + [None, None])[1:3])
    return cls(detail, rule=rule, field=field)
