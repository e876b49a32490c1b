"""The outbox relay: publishes committed events, in order, at least once (rule P03)."""

from __future__ import annotations

import logging
import threading

from sqlalchemy import select, update

from shared.clock import utcnow
from shared.messaging.ports import EventPublisher
from shared.persistence.db import ServiceDatabase
from shared.persistence.platform_tables import PlatformTables

log = logging.getLogger(__name__)

#: Deliveries of one event before it is set aside as a dead letter for an operator.
MAX_ATTEMPTS = 5


class OutboxRelay:
    """Moves one service's outbox rows to the bus; a row is marked published only after delivery."""

    def __init__(self, db: ServiceDatabase, tables: PlatformTables, publisher: EventPublisher,
                 max_attempts: int | None = MAX_ATTEMPTS) -> None:
        """``max_attempts`` None retries forever: right for a broker, whose failures pass."""
        self.db = db
        self.outbox = tables.outbox
        self.publisher = publisher
        self.max_attempts = max_attempts
        self._lock = threading.Lock()

    def publish_pending(self, limit: int = 100) -> int:
        """Publish up to ``limit`` pending events; return how many were delivered.

        Runs outside any tenant (the relay serves every tenant of the service's database).
        """
        if not self._lock.acquire(blocking=False):
            return 0  # another thread is relaying; it will pick these rows up too
        try:
            delivered = 0
            with self.db.sessions() as session:
                rows = session.execute(
                    select(self.outbox.c.event_id, self.outbox.c.source_service, self.outbox.c.event_type,
                           self.outbox.c.payload, self.outbox.c.attempts)
                    .where(self.outbox.c.published_at.is_(None), self.outbox.c.dead_at.is_(None))
                    .order_by(self.outbox.c.seq).limit(limit)
                ).all()
            for row in rows:
                try:
                    self.publisher.publish(row.source_service, row.event_type, dict(row.payload))
                except Exception as exc:  # a failing consumer must not lose the event
                    log.exception("event %s %s not delivered", row.event_type, row.event_id)
                    self._record_failure(row.event_id, row.attempts + 1, repr(exc))
                    break  # keep order: later events wait for this one
                self._mark(row.event_id, published_at=utcnow())
                delivered += 1
            return delivered
        finally:
            self._lock.release()

    def _mark(self, event_id: str, **values: object) -> None:
        with self.db.sessions() as session:
            session.execute(update(self.outbox).where(self.outbox.c.event_id == event_id).values(**values))
            session.commit()

    def _record_failure(self, event_id: str, attempts: int, error: str) -> None:
        values: dict[str, object] = {"attempts": attempts, "last_error": error[:2000]}
        if self.max_attempts is not None and attempts >= self.max_attempts:
            values["dead_at"] = utcnow()
        self._mark(event_id, **values)


def dead_events(db: ServiceDatabase, tables: PlatformTables) -> list[dict[str, object]]:
    """Events the relay set aside (embedded mode's dead letters), oldest first."""
    o = tables.outbox
    with db.sessions() as session:
        rows = session.execute(
            select(o.c.event_id, o.c.event_type, o.c.tenant_id, o.c.attempts, o.c.dead_at, o.c.last_error)
            .where(o.c.dead_at.is_not(None)).order_by(o.c.seq)
        ).all()
    return [dict(r._mapping) for r in rows]


def revive(db: ServiceDatabase, tables: PlatformTables, event_id: str | None = None) -> int:
    """Put set-aside events back in line for the relay (all, or one); return how many."""
    o = tables.outbox
    stmt = update(o).where(o.c.dead_at.is_not(None))
    if event_id:
        stmt = stmt.where(o.c.event_id == event_id)
    with db.sessions() as session:
        count = session.execute(stmt.values(dead_at=None, attempts=0)).rowcount  # type: ignore[attr-defined]
        session.commit()
    return int(count or 0)
