"""The outbox relay: publishes committed events, in order, at least once (rule P03)."""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy import func, select, update

from shared.clock import utcnow
from shared.messaging.ports import EventPublisher
from shared.observability.metrics import platform_metrics, watch_outbox
from shared.persistence.db import ServiceDatabase
from shared.persistence.platform_tables import PlatformTables

log = logging.getLogger(__name__)

#: Deliveries of one event before it is set aside as a dead letter for an operator.
MAX_ATTEMPTS = 5


class OutboxRelay:
    """Moves one service's outbox rows to the bus; a row is marked published only after delivery."""

    def __init__(self, db: ServiceDatabase, tables: PlatformTables, publisher: EventPublisher,
                 max_attempts: int | None = MAX_ATTEMPTS, *, service: str | None = None) -> None:
        """``max_attempts`` None retries forever: right for a broker, whose failures pass.

        ``service`` names the outbox in the lag gauge even while it is empty (its rows name it
        otherwise).
        """
        self.db = db
        self.service = service
        self.outbox = tables.outbox
        self.publisher = publisher
        self.max_attempts = max_attempts
        self._lock = threading.Lock()
        self._claims: dict[int, Any] = {}
        # Passes asked for; a pass notes the count it started at, and makes another if it grew.
        self._asked = 0
        self._asked_lock = threading.Lock()
        watch_outbox(self)

    def publish_pending(self, limit: int = 100) -> int:
        """Publish up to ``limit`` pending events; return how many were delivered.

        Runs outside any tenant (the relay serves every tenant of the service's database). On
        PostgreSQL the rows are claimed (:meth:`_publish_claimed`), so relays of several replicas
        never publish one row at the same time; SQLite has one process and reads them plainly.
        """
        with self._asked_lock:
            self._asked += 1
        delivered = 0
        # Only one pass at a time. A caller that finds one under way leaves it to that pass's
        # thread, which makes one more pass after its own if anyone asked since it started: so
        # some pass always starts after the caller's commit and sees its rows (a commit inside a
        # pass, by an in-process handler, is covered the same way).
        while self._lock.acquire(blocking=False):
            try:
                with self._asked_lock:
                    started_at = self._asked
                if self.db.is_postgres:
                    delivered += self._publish_claimed(limit)
                else:
                    delivered += self._publish_read(limit)
            finally:
                self._lock.release()
            with self._asked_lock:
                if self._asked == started_at:
                    break
        return delivered

    def _pending(self) -> Any:
        o = self.outbox
        return (select(o.c.event_id, o.c.tenant_id, o.c.seq, o.c.source_service, o.c.event_type, o.c.payload,
                       o.c.attempts)
                .where(o.c.published_at.is_(None), o.c.dead_at.is_(None)))

    def _publish_read(self, limit: int) -> int:
        """SQLite (one process): publish the pending rows, then mark them in one transaction.

        One commit (one fsync) per pass instead of one per event. A process that dies before the
        marks commit publishes those events again on its next pass (at least once, P03; the
        consumers' inbox drops the repeats).
        """
        o = self.outbox
        with self.db.sessions() as session:
            rows = session.execute(self._pending().order_by(o.c.seq).limit(limit)).all()
        published: list[str] = []
        failure: tuple[str, dict[str, object]] | None = None
        for row in rows:
            try:
                self.publisher.publish(row.source_service, row.event_type, dict(row.payload))
            except Exception as exc:  # a failing consumer must not lose the event
                log.exception("event %s %s not delivered", row.event_type, row.event_id)
                failure = (row.event_id, self._failure_values(row.attempts + 1, repr(exc)))
                self._count_failure(row, failure[1])
                break  # keep order: later events wait for this one
            published.append(row.event_id)
            platform_metrics().event_published(service=row.source_service, source=row.source_service,
                                               event_type=row.event_type)
        if published or failure:
            with self.db.sessions() as session:
                if published:
                    session.execute(update(o).where(o.c.event_id.in_(published)).values(published_at=utcnow()))
                if failure:
                    session.execute(update(o).where(o.c.event_id == failure[0]).values(**failure[1]))
                session.commit()
        return len(published)

    def _publish_claimed(self, limit: int) -> int:
        """Claim rows with ``FOR UPDATE SKIP LOCKED`` and publish them in the claiming transaction.

        Another replica's relay skips the claimed rows instead of waiting for them (or sending
        them again); the marks commit with the claim, so a relay that dies mid-pass leaves its
        rows pending for the next one (at least once, P03). A tenant's events keep their order:
        a claimed row is left for a later pass while an earlier row of its tenant is claimed by
        another relay (seq counts within a tenant).
        """
        o = self.outbox
        delivered = 0
        with self.db.sessions() as session:
            rows = session.execute(self._claim(limit)).all()
            if not rows:
                return 0
            published: list[str] = []
            for row in rows:
                if row.first_held is not None and row.first_held < row.seq:
                    continue  # an earlier event of this tenant is on its way through another relay
                try:
                    self.publisher.publish(row.source_service, row.event_type, dict(row.payload))
                except Exception as exc:  # a failing consumer must not lose the event
                    log.exception("event %s %s not delivered", row.event_type, row.event_id)
                    values = self._failure_values(row.attempts + 1, repr(exc))
                    session.execute(update(o).where(o.c.event_id == row.event_id).values(**values))
                    self._count_failure(row, values)
                    break  # keep order: later events wait for this one
                published.append(row.event_id)
                platform_metrics().event_published(service=row.source_service, source=row.source_service,
                                                   event_type=row.event_type)
            if published:
                # One statement for the pass: the marks commit with the claim either way.
                session.execute(update(o).where(o.c.event_id.in_(published)).values(published_at=utcnow()))
                delivered = len(published)
            session.commit()
        return delivered

    def _claim(self, limit: int) -> Any:
        """One statement: claim up to ``limit`` pending rows, and beside each the first pending
        row of its tenant this claim did not get (held by another relay, or past the limit).

        One round trip instead of a claim and a second look, on every pass after a commit. Built
        once per limit: the CTE and the alias cost more to build than the compiled cache saves.
        """
        if limit in self._claims:
            return self._claims[limit]
        o = self.outbox
        claimed = self._pending().order_by(o.c.seq).limit(limit).with_for_update(skip_locked=True).cte("claimed")
        other = o.alias("other")
        first_held = (select(func.min(other.c.seq))
                      .where(other.c.tenant_id == claimed.c.tenant_id, other.c.published_at.is_(None),
                             other.c.dead_at.is_(None), other.c.event_id.not_in(select(claimed.c.event_id)))
                      .scalar_subquery())
        self._claims[limit] = select(claimed, first_held.label("first_held")).order_by(claimed.c.seq)
        return self._claims[limit]

    def _failure_values(self, attempts: int, error: str) -> dict[str, object]:
        values: dict[str, object] = {"attempts": attempts, "last_error": error[:2000]}
        if self.max_attempts is not None and attempts >= self.max_attempts:
            values["dead_at"] = utcnow()
        return values

    @staticmethod
    def _count_failure(row: Any, values: dict[str, object]) -> None:
        counted = dict(service=row.source_service, source=row.source_service, event_type=row.event_type,
                       stage="relay")
        if "dead_at" in values:
            platform_metrics().event_dead_lettered(**counted)
        else:
            platform_metrics().event_retried(**counted)

    def oldest_pending_age(self) -> dict[str, float]:
        """Seconds since the oldest unpublished (and not set-aside) event was committed, per service.

        The outbox lag gauge's reading: it grows while the relay is stopped or the bus is away.
        """
        o = self.outbox
        with self.db.sessions() as session:
            rows = session.execute(
                select(o.c.source_service, func.min(o.c.created_at))
                .where(o.c.published_at.is_(None), o.c.dead_at.is_(None)).group_by(o.c.source_service)
            ).all()
        now = utcnow()
        return {service: max((now - oldest).total_seconds(), 0.0) for service, oldest in rows if oldest is not None}



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
