"""Operator tools for events that exhausted their retries (the dead-letter queue)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from kombu import Connection, Producer

from shared.messaging.nameko_support import ATTEMPT_HEADER, DEAD_LETTER_QUEUE, dead_letter_queue


@dataclass(frozen=True)
class DeadLetter:
    event_id: str
    event_type: str
    tenant_id: str
    queue: str
    error: str
    failed_at: str
    attempts: int


def _describe(message: Any) -> DeadLetter:
    headers = message.headers or {}
    body = json.loads(message.body) if isinstance(message.body, bytes | str) else dict(message.body)
    # Set aside by the broker past its delivery limit (decision 0017): it says where in x-death.
    deaths = headers.get("x-death") or [{}]
    return DeadLetter(
        event_id=str(body.get("event_id", "")), event_type=str(body.get("event_type", "")),
        tenant_id=str(body.get("tenant_id", "")),
        queue=str(headers.get("x-original-queue") or deaths[0].get("queue", "")),
        error=str(headers.get("x-error") or deaths[0].get("reason", "")),
        failed_at=str(headers.get("x-failed-at") or deaths[0].get("time", "")),
        attempts=int(headers.get(ATTEMPT_HEADER) or headers.get("x-delivery-count") or 0),
    )


def list_dead_letters(amqp_uri: str, limit: int = 1000) -> list[DeadLetter]:
    """The dead letters, oldest first; they stay in the queue."""
    found: list[DeadLetter] = []
    with Connection(amqp_uri) as conn:
        queue = dead_letter_queue()(conn.channel())
        queue.declare()
        held = []
        while len(held) < limit:
            message = queue.get(no_ack=False)
            if message is None:
                break
            held.append(message)
            found.append(_describe(message))
        for message in held:  # give them back untouched
            message.requeue()
    return found


def replay_dead_letters(amqp_uri: str, event_id: str | None = None) -> int:
    """Send dead letters (all, or one event) back to the handler queue they failed in."""
    replayed = 0
    with Connection(amqp_uri, transport_options={"confirm_publish": True}) as conn:
        queue = dead_letter_queue()(conn.channel())
        queue.declare()
        producer = Producer(conn.channel())
        skipped = []
        while True:
            message = queue.get(no_ack=False)
            if message is None:
                break
            letter = _describe(message)
            if event_id and letter.event_id != event_id:
                skipped.append(message)
                continue
            headers = {k: v for k, v in (message.headers or {}).items() if not k.startswith("x-")}
            producer.publish(message.body, exchange="", routing_key=letter.queue, headers=headers,
                             content_type=message.content_type, content_encoding=message.content_encoding,
                             delivery_mode=2)
            message.ack()
            replayed += 1
        for message in skipped:
            message.requeue()
    return replayed


__all__ = ["DEAD_LETTER_QUEUE", "DeadLetter", "list_dead_letters", "replay_dead_letters"]
