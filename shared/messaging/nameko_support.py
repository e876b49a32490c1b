"""What every service's nameko class needs in distributed mode, beyond its own entrypoints.

- :data:`event_handler`: nameko's ``@event_handler`` that retries a failing handler a bounded
  number of times and then dead-letters the message (nameko's default acknowledges and drops it).
- :func:`rpc`: nameko's ``@rpc`` that refuses a call whose caller gave up (its deadline passed).
- :func:`timer`: nameko's ``@timer``, marked (:data:`TIMER_ATTR`) so that embedded mode's scheduler
  (:meth:`shared.messaging.inprocess.InProcessServices.run_due_timers`) runs the same entrypoint;
  one run's failure is logged and swallowed, the next run tries again.
- :class:`PlatformService`: a base class adding the outbox relay (publish right after each commit,
  a timer as the safety net), entrypoint tracing and a health RPC. Embedded mode never starts
  these; it publishes after each commit itself (and its relay thread retries).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import eventlet
from kombu import Connection, Exchange, Producer, Queue
from nameko.amqp.publish import Publisher
from nameko.constants import AMQP_SSL_CONFIG_KEY, DEFAULT_SERIALIZER, LOGIN_METHOD_CONFIG_KEY, SERIALIZER_CONFIG_KEY
from nameko.events import EventHandler
from nameko.extensions import DependencyProvider
from nameko.rpc import Responder, Rpc, RpcConsumer, get_rpc_exchange
from nameko.timer import timer as nameko_timer
from opentelemetry import context as otel_context
from opentelemetry import propagate
from opentelemetry import trace as otel_trace
from opentelemetry.trace import SpanKind, Status, StatusCode
from sqlalchemy import text

from shared.clock import utcnow
from shared.errors import DomainError, Unavailable
from shared.identity.context import deadline_of, refuse_if_expired
from shared.messaging.amqp import AmqpEventPublisher
from shared.messaging.outbox import OutboxRelay
from shared.messaging.service_kit import process_resources
from shared.messaging.timers import TIMER_ATTR
from shared.observability.logs import current_tenant
from shared.observability.metrics import platform_metrics, setup_metrics
from shared.observability.tracing import setup_tracing, tracer
from shared.persistence.db import engines_made
from shared.settings import get_settings

log = logging.getLogger(__name__)

#: Deliveries of one event to one handler before it is dead-lettered.
MAX_HANDLER_ATTEMPTS = 3
ATTEMPT_HEADER = "x-renoflow-attempts"
DEAD_LETTER_QUEUE = "renoflow.dead-letters"
#: Deliveries of one message the broker allows before it dead-letters it itself: a message whose
#: handler kills its process every time (the handler's own retries, above, never get to run).
BROKER_DELIVERY_LIMIT = 10
#: The arguments of every event handler's queue, in nameko's declaration and in
#: :func:`renoflow.topology.handler_queues` alike (RabbitMQ refuses a redeclaration that differs):
#: a quorum queue, which a broker cluster replicates (decision 0017), dead-lettering to
#: :data:`DEAD_LETTER_QUEUE` past :data:`BROKER_DELIVERY_LIMIT` deliveries.
HANDLER_QUEUE_ARGUMENTS: dict[str, Any] = {
    "x-queue-type": "quorum", "x-delivery-limit": BROKER_DELIVERY_LIMIT,
    "x-dead-letter-exchange": "", "x-dead-letter-routing-key": DEAD_LETTER_QUEUE,
}
#: Outbox rows one relay pass reads; a full batch is followed by another pass at once.
RELAY_BATCH = 100


def dead_letter_queue() -> Queue:
    """The durable queue where exhausted events wait for an operator (``renoflow dead-letters``)."""
    return Queue(DEAD_LETTER_QUEUE, exchange=Exchange("", type="direct"), routing_key=DEAD_LETTER_QUEUE,
                 durable=True, auto_delete=False)


def republish(amqp_uri: str, message: Any, *, routing_key: str, headers: dict[str, Any],
              declare: list[Queue] | None = None) -> None:
    """Publish a received message's raw body again through the default exchange (to one queue)."""
    with Connection(amqp_uri, transport_options={"confirm_publish": True}) as conn:
        Producer(conn.default_channel).publish(
            message.body, exchange="", routing_key=routing_key, headers=headers,
            content_type=message.content_type, content_encoding=message.content_encoding,
            delivery_mode=2, declare=declare or [], retry=True,
        )


class ReliableEventHandler(EventHandler):  # type: ignore[misc]
    """An event handler whose failures are retried, then dead-lettered, never dropped.

    Its queue is a quorum queue (:data:`HANDLER_QUEUE_ARGUMENTS`); nameko names and binds it.
    """

    def setup(self) -> None:
        super().setup()
        self.queue.queue_arguments = dict(HANDLER_QUEUE_ARGUMENTS)

    def handle_result(self, message: Any, worker_ctx: Any, result: Any = None, exc_info: Any = None) -> Any:
        if exc_info is None:
            self.queue_consumer.ack_message(message)
            return result, exc_info
        try:
            self._retry_or_dead_letter(message, exc_info)
        except Exception:
            log.exception("could not set aside a failed event; requeueing it")
            self.queue_consumer.requeue_message(message)
            return result, exc_info
        self.queue_consumer.ack_message(message)
        return result, exc_info

    def _retry_or_dead_letter(self, message: Any, exc_info: Any) -> None:
        amqp_uri = self.container.config["AMQP_URI"]
        headers = dict(message.headers or {})
        attempts = int(headers.get(ATTEMPT_HEADER, 1))
        counted = dict(service=self.container.service_name, source=self.source_service,
                       event_type=self.event_type, stage="handler")
        if attempts < MAX_HANDLER_ATTEMPTS:
            time.sleep(min(0.2 * 2 ** attempts, 5.0))  # green sleep under nameko: a short back-off
            headers[ATTEMPT_HEADER] = attempts + 1
            republish(amqp_uri, message, routing_key=self.queue.name, headers=headers)
            platform_metrics().event_retried(**counted)
            return
        headers.update({
            "x-original-queue": self.queue.name, "x-original-exchange": self.queue.exchange.name,
            "x-original-routing-key": self.event_type, "x-error": repr(exc_info[1])[:1000],
            "x-failed-at": utcnow().isoformat(), ATTEMPT_HEADER: attempts,
        })
        republish(amqp_uri, message, routing_key=DEAD_LETTER_QUEUE, headers=headers, declare=[dead_letter_queue()])
        platform_metrics().event_dead_lettered(**counted)
        log.error("event %s dead-lettered after %d attempts: %r", self.event_type, attempts, exc_info[1])


event_handler = ReliableEventHandler.decorator


class _ReplyPublisher(Publisher):  # type: ignore[misc]
    # A reply goes to the caller's exclusive, auto-deleted reply queue. A publisher confirm there
    # (a broker round trip per call, a tenth of a catalogue read's CPU in the service) protects
    # nothing: a reply the broker loses leaves the caller to its timeout, confirmed or not.
    use_confirms = False


class _Responder(Responder):  # type: ignore[misc]
    publisher_cls = _ReplyPublisher


class ReplyRpcConsumer(RpcConsumer):  # type: ignore[misc]
    """nameko's RPC consumer, replying without publisher confirms (:class:`_ReplyPublisher`).

    The same steps as nameko's own ``handle_result``, with the responder swapped.
    """

    def handle_result(self, message: Any, result: Any, exc_info: Any) -> tuple[Any, Any]:
        config = self.container.config
        responder = _Responder(config["AMQP_URI"], get_rpc_exchange(config),
                               config.get(SERIALIZER_CONFIG_KEY, DEFAULT_SERIALIZER), message,
                               ssl=config.get(AMQP_SSL_CONFIG_KEY), login_method=config.get(LOGIN_METHOD_CONFIG_KEY))
        result, exc_info = responder.send_response(result, exc_info)
        self.queue_consumer.ack_message(message)
        return result, exc_info


class DeadlineRpc(Rpc):  # type: ignore[misc]
    """nameko's RPC entrypoint, refusing a request whose caller has already given up.

    The check runs before a worker is spawned, so neither the use case nor its dependencies run;
    the refusal goes back as :class:`~shared.errors.Unavailable`, which a caller still waiting
    (the deadline leaves it a margin) answers as 503.
    """

    rpc_consumer = ReplyRpcConsumer()

    def handle_message(self, body: Any, message: Any) -> None:
        context_data = self.unpack_message_headers(message)
        what = f"{self.container.service_name}.{self.method_name}"
        try:
            refuse_if_expired(deadline_of(context_data), what)
        except Unavailable as exc:
            # Often a clock far off on this host or the gateway's, when it is not a late message.
            log.warning("refused %s: %s", what, exc)
            raise  # nameko's RpcConsumer replies with the error and acknowledges the message
        super().handle_message(body, message)


def rpc(fn: Any = None, **kwargs: Any) -> Any:
    """nameko's ``@rpc`` with deadlines (:class:`DeadlineRpc`) and domain errors declared expected."""
    kwargs.setdefault("expected_exceptions", (DomainError,))
    decorator = DeadlineRpc.decorator(**kwargs)
    return decorator(fn) if fn is not None else decorator


class TimerLeadership:
    """Which replica runs a timer: the one holding its PostgreSQL advisory lock (session-level).

    The lock is taken on a connection of its own, kept for the life of the process, so one replica
    leads every tick (once per tick across the replicas, not once per replica); the others try
    again at each tick and take over when the leader's connection closes (its process died).
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.key = int.from_bytes(hashlib.sha256(f"renoflow.timer.{name}".encode()).digest()[:8], "big",
                                  signed=True)
        self._conn: Any = None

    def leads(self, engine: Any) -> bool:
        """True if this process holds (or now takes) the timer's lock."""
        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT 1"))
                return True
            except Exception:  # the connection (and with it the lock) is gone: try anew
                log.warning("timer %s lost its lock connection", self.name)
                self.release()
        conn = engine.connect()
        try:
            got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}).scalar())
            conn.commit()
        except Exception:
            conn.close()
            raise
        if not got:
            conn.close()
            return False
        log.info("timer %s runs in this replica (advisory lock %d)", self.name, self.key)
        self._conn = conn
        return True

    def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.invalidate()  # closing the connection itself ends the session and its lock
            except Exception:
                log.debug("closing the lock connection of timer %s failed", self.name, exc_info=True)


def _leads(self: Any, leadership: TimerLeadership) -> bool:
    """Distributed mode on PostgreSQL: only the replica holding the lock runs; otherwise always."""
    if get_settings().mode != "distributed":
        return True  # embedded mode: one process, its scheduler runs each timer once
    db = process_resources(type(self)).cross_tenant_db()
    return not db.is_postgres or leadership.leads(db.engine)


def timer(interval: float) -> Callable[[Callable[[Any], None]], Callable[[Any], None]]:
    """The platform's periodic entrypoint, run every ``interval`` seconds in both modes.

    Distributed mode: a nameko ``@timer`` in each service process, whose tick runs only in the
    replica holding the timer's advisory lock (:class:`TimerLeadership`). Embedded mode: the
    process's scheduler finds the :data:`TIMER_ATTR` mark (the interval) and runs the method on a
    worker built like an event's. A failing run is logged and swallowed in both, so the next run
    comes (nameko would only log it too, but the scheduler thread must not die of it).
    """
    def decorate(fn: Callable[[Any], None]) -> Callable[[Any], None]:
        leaderships: dict[type, TimerLeadership] = {}

        @functools.wraps(fn)
        def run(self: Any) -> None:
            name = f"{getattr(self, 'name', type(self).__name__)}.{fn.__name__}"
            try:
                leadership = leaderships.setdefault(type(self), TimerLeadership(name))
                if not _leads(self, leadership):
                    return  # another replica runs this tick
                fn(self)
            except Exception:
                log.exception("timer %s failed; it runs again in %ss", name, interval)

        setattr(run, TIMER_ATTR, float(interval))
        return nameko_timer(interval=interval)(run)  # type: ignore[no-any-return]

    return decorate


class EntrypointTracing(DependencyProvider):  # type: ignore[misc]
    """A span per RPC call and event, continuing the trace context that came with it (P04).

    Its set-up also installs the process's metrics (exported only when an endpoint is configured).
    """

    def setup(self) -> None:
        setup_tracing(f"renoflow-{self.container.service_name}")
        setup_metrics(f"renoflow-{self.container.service_name}")
        self._spans: dict[Any, tuple[Any, Any]] = {}

    def worker_setup(self, worker_ctx: Any) -> None:
        entrypoint = worker_ctx.entrypoint
        if isinstance(entrypoint, Rpc):
            kind = SpanKind.SERVER
        elif isinstance(entrypoint, EventHandler):
            kind = SpanKind.CONSUMER
        else:
            return  # timers (the relay) would flood the traces
        carrier = worker_ctx.data.get("trace") or {}
        if isinstance(carrier, str):
            carrier = json.loads(carrier)
        span = tracer().start_span(f"{self.container.service_name}.{entrypoint.method_name}",
                                   context=propagate.extract(carrier), kind=kind)
        token = otel_context.attach(otel_trace.set_span_in_context(span))
        current_tenant.set(_tenant_of(worker_ctx))  # the worker's greenlet has its own context
        self._spans[worker_ctx] = (span, token)

    def worker_result(self, worker_ctx: Any, result: Any = None, exc_info: Any = None) -> None:
        entry = self._spans.pop(worker_ctx, None)
        if entry is None:
            return
        span, token = entry
        if exc_info is not None:
            span.record_exception(exc_info[1])
            span.set_status(Status(StatusCode.ERROR, type(exc_info[1]).__name__))
        span.end()
        otel_context.detach(token)


def _tenant_of(worker_ctx: Any) -> str | None:
    """The tenant of an RPC (its principal) or of an event (its envelope)."""
    principal = worker_ctx.data.get("principal")
    if isinstance(principal, str):
        return str(json.loads(principal).get("tenant_id"))
    args = worker_ctx.args or ()
    if args and isinstance(args[0], dict):
        return args[0].get("tenant_id")
    return None


class OutboxRelayProvider(DependencyProvider):  # type: ignore[misc]
    """The service's outbox relay on RabbitMQ, reading the outbox as the relay role.

    One relay greenlet per process does every pass, so two passes never run at once for the same
    rows. A commit of the process only signals it ("publish soon", :meth:`publish_soon`) and goes
    on: the worker never waits for the broker, and the event leaves within milliseconds. The
    greenlet also wakes every ``outbox_relay_interval_seconds`` (1 s): the safety net for a failed
    publish, a commit it was not told of, or a process that died before its pass. Under ``nameko
    run`` (eventlet monkey-patched) ``threading.Event`` is green.
    """

    def setup(self) -> None:
        settings = get_settings()
        resources = process_resources(self.container.service_cls)
        # The relay role's one engine of this process, shared with the timers' cross-tenant reads.
        relay_db = resources.cross_tenant_db()
        self.publisher = AmqpEventPublisher(self.container.config["AMQP_URI"])
        # A broker's failures pass: keep retrying, never set an event aside here (P03).
        self.relay = OutboxRelay(relay_db, resources.tables, self.publisher, max_attempts=None,
                                 service=resources.service)
        self.interval = settings.outbox_relay_interval_seconds
        self._wake = threading.Event()
        self._stopping = False
        self._thread: Any = None
        # The use cases and handlers commit through resources.db (every provider shares it).
        resources.db.on_commit(self.publish_soon)

    def start(self) -> None:
        self._thread = self.container.spawn_managed_thread(self._relay_loop, identifier="outbox-relay")

    def publish_soon(self) -> None:
        """Ask the relay greenlet for a pass (after a commit); returns at once."""
        self._wake.set()

    def _relay_loop(self) -> None:
        while not self._stopping:
            self._wake.wait(self.interval)
            self._wake.clear()  # before the pass: a commit during it asks for another
            try:
                while self.relay.publish_pending(RELAY_BATCH) == RELAY_BATCH and not self._stopping:
                    pass  # a full batch: more may be waiting
            except Exception:  # the database is away: the next wake-up tries again
                log.exception("outbox relay pass failed")

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._thread is not None:
            with eventlet.Timeout(5, False):  # a pass under way ends; the container kills a stuck one
                self._thread.wait()
        self.publisher.close()

    def get_dependency(self, worker_ctx: Any) -> OutboxRelay:
        return self.relay


class PlatformService:
    """Base of every service's nameko class: outbox relay, tracing and health."""

    relay = OutboxRelayProvider()
    tracing = EntrypointTracing()

    def dependencies(self) -> dict[str, Any]:
        """What a use case may ask for by name (:data:`shared.messaging.operations.DEPENDENCIES`), for this call."""
        caller = getattr(self, "caller", None)
        return {
            "uow": getattr(self, "uow", None), "caller": caller,
            "principal": caller.principal if caller else None,
            "idempotency_key": caller.idempotency_key if caller else None,
            # Services that render documents themselves (signed forms, shared/forms) declare
            # ``documents = DocumentsProvider()``; the others have none.
            "documents": getattr(self, "documents", None),
        }

    @rpc  # type: ignore[misc]
    def health(self) -> dict[str, Any]:
        resources = process_resources(type(self))
        with resources.db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return {"service": resources.service, "database": "ok", "engines": engines_made()}
