"""The unit of work: one transaction that holds a state change, its events and its replies.

Use cases take a unit of work, never a session or a broker. Events added with :meth:`publish`
go to the outbox table in the same transaction (transactional outbox); the relay sends them after
commit. :meth:`claim_event` records a handled event id (inbox) in that same transaction, so a
redelivered event changes nothing twice. :meth:`recall`/:meth:`remember` store the first answer
of a request made with an ``Idempotency-Key``, per caller and operation.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, Protocol, Self, cast

from pydantic import BaseModel
from sqlalchemy import CursorResult, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shared.clock import utcnow
from shared.errors import Conflict
from shared.identity.context import Principal
from shared.ids import new_id
from shared.messaging.events import Event, envelope
from shared.observability.tracing import current_trace_carrier
from shared.persistence.db import ServiceDatabase
from shared.persistence.platform_tables import PlatformTables


class AbstractUnitOfWork(Protocol):
    """What a use case sees of a unit of work; a service's port adds its repositories."""

    tenant_id: str

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...

    def publish(self, event: Event) -> None: ...

    def publish_from(self, *aggregates: Any) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class UnitOfWork:
    """A transaction on one service's database, scoped to one tenant."""

    session: Session

    def __init__(self, db: ServiceDatabase, tables: PlatformTables, tenant_id: str) -> None:
        self.db = db
        self.tables = tables
        self.tenant_id = tenant_id
        self._pending: list[Event] = []
        self._committed = False

    def __enter__(self) -> Self:
        self.session = self.db.open_session(self.tenant_id)
        self._pending = []
        self._committed = False
        # The session stamps the tenant on new rows (P01) and, on PostgreSQL, binds it for RLS
        # (ServiceDatabase.open_session).
        self.open_repositories(self.session)
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._committed:
            self.session.rollback()
        self.session.close()

    def open_repositories(self, session: Session) -> None:
        """Hook for a service's subclass to attach its repositories to the session."""

    def publish(self, event: Event) -> None:
        """Queue an event; it is written to the outbox when the unit of work commits."""
        self._pending.append(event)

    def publish_from(self, *aggregates: Any) -> None:
        """Queue the events the ``aggregates`` recorded on their ``events`` list, and clear it."""
        for aggregate in aggregates:
            self._pending.extend(aggregate.events)
            aggregate.events.clear()

    def commit(self) -> None:
        """Write queued events to the outbox and commit everything in one transaction.

        The relay is told only when this commit wrote events: a pass for a commit without any
        (an inbox claim, a read-and-update) would find nothing and cost three statements.
        """
        wrote_events = bool(self._pending)
        if self._pending:
            now = utcnow()
            trace = current_trace_carrier()
            outbox = self.tables.outbox
            last_seq = select(func.coalesce(func.max(outbox.c.seq), 0))
            # One event (the usual commit): its seq is taken inside the insert, one statement
            # instead of a read and an insert. Several: read once, then number them in order.
            seq: Any = last_seq.scalar_subquery() if len(self._pending) == 1 else \
                self.session.execute(last_seq).scalar_one()
            rows = []
            for offset, evt in enumerate(self._pending, start=1):
                event_id = new_id()
                rows.append({
                    "event_id": event_id, "seq": seq + offset, "tenant_id": self.tenant_id,
                    "source_service": self.db.service, "event_type": evt.event_type,
                    "payload": envelope(evt, event_id=event_id, tenant_id=self.tenant_id,
                                        occurred_at=now, trace=trace),
                    "created_at": now, "attempts": 0,
                })
            if len(rows) == 1:
                self.session.execute(insert(outbox).values(rows[0]))
            else:
                self.session.execute(insert(outbox), rows)
            self._pending = []
        self.session.commit()
        self._committed = True
        if wrote_events:
            self.db.committed()

    def rollback(self) -> None:
        """Drop the transaction and any queued events."""
        self._pending = []
        self.session.rollback()

    def claim_event(self, handler: str, event_id: str) -> bool:
        """Record that ``handler`` handles ``event_id`` now; False if it already did (inbox).

        One statement: the insert that finds the row already there inserts nothing. A duplicate
        delivered concurrently waits for the first claim's transaction and then finds its row.
        """
        inbox = self.tables.inbox
        dialect = self.session.get_bind().dialect.name
        stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(inbox).values(
            handler=handler, event_id=event_id, tenant_id=self.tenant_id, handled_at=utcnow())
        result = self.session.execute(stmt.on_conflict_do_nothing(index_elements=["handler", "event_id"]))
        return bool(cast(CursorResult[Any], result).rowcount)

    def recall(self, operation: str, key: str | None, fingerprint: str = "", *,
               caller: str) -> dict[str, Any] | None:
        """The stored answer of ``caller``'s earlier request with this idempotency key, if any.

        Only the caller's own answers are found: another user's key is unknown here, so reusing
        it can neither read that user's answer nor learn (by a 409) that the key exists.
        A key reused by its caller with a different request is refused: answering it with the
        first request's result would hide the client's mistake (Stripe and the IETF draft do
        the same).
        """
        if not key:
            return None
        t = self.tables.idempotency
        row = self.session.execute(
            select(t.c.response).where(t.c.tenant_id == self.tenant_id, t.c.caller == caller,
                                       t.c.operation == operation, t.c.key == key)
        ).first()
        if row is None:
            return None
        stored = dict(row[0])
        if stored.get("request_sha256", fingerprint) != fingerprint:
            raise Conflict("this Idempotency-Key was already used for a different request",
                           field="Idempotency-Key")
        return dict(stored["response"])

    def remember(self, operation: str, key: str | None, response: dict[str, Any], fingerprint: str = "", *,
                 caller: str) -> None:
        """Store the answer of ``caller``'s request under its idempotency key (same transaction)."""
        if key:
            self.session.execute(insert(self.tables.idempotency).values(
                tenant_id=self.tenant_id, caller=caller, operation=operation, key=key,
                response={"request_sha256": fingerprint, "response": response}, created_at=utcnow()))


def fingerprint_of(request: BaseModel | dict[str, Any] | None) -> str:
    """SHA-256 of a request's canonical JSON (what makes two requests "the same")."""
    if request is None:
        return ""
    data = request.model_dump(mode="json") if isinstance(request, BaseModel) else request
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def run_idempotent(uow_factory: Any, operation: str, key: str | None, work: Callable[[Any], dict[str, Any]],
                   *, caller: Principal, authorize: Callable[[Any], object] | None,
                   request: BaseModel | dict[str, Any] | None = None) -> dict[str, Any]:
    """Run ``work(uow)`` once per caller and idempotency key; a replay of the same ``request`` returns the first answer.

    ``operation`` names the endpoint (with its path id where it has one), so a key is scoped
    to the caller's user id and the endpoint. ``authorize(uow)`` runs in the same transaction
    before any stored answer is looked up, so a caller whose roles or stores were narrowed since
    the first request is refused instead of shown it; use cases pass the record-level checks
    there (checks on the principal alone run before ``run_idempotent`` is called), and ``None``
    only when there are none.

    Two concurrent requests with one key race on the key's primary key: the loser's transaction
    is rolled back whole and it answers with the winner's stored response.
    """
    fingerprint = fingerprint_of(request)
    who = caller.user_id
    try:
        with uow_factory() as uow:
            if authorize is not None:
                authorize(uow)
            prior = uow.recall(operation, key, fingerprint, caller=who)
            if prior is not None:
                return prior
            result: dict[str, Any] = work(uow)
            uow.remember(operation, key, result, fingerprint, caller=who)
            uow.commit()
            return result
    except IntegrityError:
        if not key:
            raise
        with uow_factory() as uow:
            if authorize is not None:
                authorize(uow)
            prior = uow.recall(operation, key, fingerprint, caller=who)
            if prior is None:
                raise
            return prior
