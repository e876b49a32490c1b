"""Events aftercare publishes, and aftercare's own reading of the events it consumes.

No event carries the customer's name or address (A07): consumers that need them ask aftercare.
"""

from __future__ import annotations

from datetime import date

from shared.messaging.events import Event, EventView


class ContractSignedView(EventView):
    """What aftercare reads of ``contracts.contract_signed``: the customer archive (A02)."""

    contract_id: str
    number: str
    store: str
    customer_name: str = ""
    address: str = ""
    designer: str = ""
    signed_on: date


class CustomerArchiveOpened(Event):
    """《客户档案表》 opened for a signed contract (A02)."""

    event_type = "customer_archive_opened"
    version = 1

    contract_id: str
    number: str
    store: str


class ComplaintRecorded(Event):
    """《客户投诉记录单》: a complaint received, with its A06 deadlines."""

    event_type = "complaint_recorded"
    version = 1

    complaint_id: str
    contract_id: str
    store: str
    customers_affected: int
    matter: str | None
    received_by: str
    received_at: str
    pass_on_by: str
    answer_by: str


class ComplaintClassified(Event):
    """A06: classed valid or invalid; a valid one major, important or minor."""

    event_type = "complaint_classified"
    version = 1

    complaint_id: str
    contract_id: str
    store: str
    validity: str
    severity: str | None
    classified_by: str


class ComplaintPassedOn(Event):
    """A06: passed on to a department or person (within 10 minutes of receipt)."""

    event_type = "complaint_passed_on"
    version = 1

    complaint_id: str
    contract_id: str
    store: str
    department: str | None
    person: str | None
    passed_on_by: str
    overdue: bool


class ComplaintAnswered(Event):
    """A06: the customer got an answer (within a day of receipt)."""

    event_type = "complaint_answered"
    version = 1

    complaint_id: str
    contract_id: str
    store: str
    answered_by: str
    overdue: bool


class ComplaintEscalated(Event):
    """A06: the complaint became major and went to the general manager."""

    event_type = "complaint_escalated"
    version = 1

    complaint_id: str
    contract_id: str
    store: str
    severity: str
    reason: str
    detail: str
    escalated_to: str
    matter: str | None


class ComplaintResolved(Event):
    """The complaint is resolved and closed."""

    event_type = "complaint_resolved"
    version = 1

    complaint_id: str
    contract_id: str
    store: str
    resolved_by: str
    escalated: bool
