"""The mark of a platform timer entrypoint, shared by both modes without importing nameko's side.

:func:`shared.messaging.nameko_support.timer` sets it (the interval in seconds) on the method it
also registers as a nameko ``@timer``; embedded mode's scheduler
(:class:`shared.messaging.inprocess.InProcessServices`) reads it to run the same methods.
"""

from __future__ import annotations

from typing import Any

#: Attribute holding a platform timer's interval in seconds.
TIMER_ATTR = "__renoflow_timer_interval__"


def timer_interval(method: Any) -> float | None:
    """The interval of a platform timer entrypoint, or None for any other attribute."""
    value = getattr(method, TIMER_ATTR, None)
    return float(value) if value is not None else None
