"""Record ids (shared/ids.py): UUIDv7 layout, strictly increasing within one process."""

from __future__ import annotations

import time
import uuid

from shared.ids import new_id


def test_ids_are_version_7_with_the_current_millisecond() -> None:
    before = time.time_ns() // 1_000_000
    made = uuid.UUID(new_id())
    after = time.time_ns() // 1_000_000
    assert made.version == 7 and made.variant == uuid.RFC_4122
    assert before <= made.int >> 80 <= after


def test_ids_made_in_one_millisecond_still_sort_in_the_order_they_were_made() -> None:
    # Thousands of ids fall into the same millisecond here; random tails alone would order
    # them by chance, and the records of one use case (two rectification orders of one
    # inspection, say) would list in a random order.
    made = [new_id() for _ in range(5000)]
    assert made == sorted(made)
    assert len(set(made)) == len(made)
    assert len({uuid.UUID(i).int >> 80 for i in made}) < len(made), "expected ids sharing a millisecond"
