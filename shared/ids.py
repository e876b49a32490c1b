"""Record ids: time-ordered UUIDs (version 7 layout), so ids sort by creation for cursors."""

from __future__ import annotations

import os
import threading
import time
import uuid

_RANDOM_BITS = 74  # rand_a (12) and rand_b (62) of RFC 9562's layout, taken as one number
_lock = threading.Lock()
_last = 0


def new_id() -> str:
    """A UUIDv7 string: 48 bits of Unix milliseconds, then random bits (RFC 9562).

    Ids made by one process are strictly increasing, also within one millisecond (RFC 9562
    §6.2, method 3: a random increment over the previous id), so the records a use case
    creates together list in the order it created them, and a cursor never skips one of them.
    """
    global _last
    candidate = (time.time_ns() // 1_000_000) << _RANDOM_BITS | int.from_bytes(os.urandom(10), "big") >> 6
    with _lock:
        if candidate <= _last:
            # Random, not +1, so the next id of a busy millisecond is not guessable from this one.
            candidate = _last + 1 + (int.from_bytes(os.urandom(4), "big"))
        _last = candidate
    ms = candidate >> _RANDOM_BITS
    rand_a = (candidate >> 62) & 0xFFF
    rand_b = candidate & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0x2 << 62 | rand_b
    return str(uuid.UUID(int=value))
