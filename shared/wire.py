"""How values are written in API answers, the same in every service."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import PlainSerializer, WithJsonSchema

#: A moment in time as ``datetime.isoformat`` writes it (``2026-12-01T02:00:00+00:00``); pydantic's
#: own JSON would write ``Z``, and the API has always answered with the offset.
Instant = Annotated[datetime, PlainSerializer(datetime.isoformat, return_type=str, when_used="json"),
                    WithJsonSchema({"type": "string", "format": "date-time"})]
