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


class CompletionAcceptedView(EventView):
    """What aftercare reads of ``construction.completion_accepted`` (A01: the warranty starts)."""

    contract_id: str
    store: str
    accepted_on: date
    waterproofing: bool


class InstallmentPaidView(EventView):
    """What aftercare reads of ``finance.installment_paid``: the final payment is in (A01)."""

    contract_id: str
    store: str
    kind: str
    paid_on: date


class WarrantyCardIssued(Event):
    """保修卡 (A01): coverage from the acceptance, 2 years general, 5 waterproofing."""

    event_type = "warranty_card_issued"
    version = 1

    contract_id: str
    store: str
    starts_on: str
    general_ends_on: str
    waterproofing_ends_on: str | None
    callbacks: int


class RepairRecorded(Event):
    """A04: a repair order recorded, classed A or B, with its survey deadline."""

    event_type = "repair_recorded"
    version = 1

    repair_id: str
    contract_id: str
    store: str
    repair_class: str
    urgent: bool
    survey_due_on: str


class RepairCompleted(Event):
    """A04: the repair is done and the customer signed its acceptance; the callback is due next."""

    event_type = "repair_completed"
    version = 1

    repair_id: str
    contract_id: str
    store: str
    on_time: bool
    callback_due_on: str


class RepairCostApproved(Event):
    """A05: a repair cost has every approval its amount needs; class A costs charge the crew's deposit."""

    event_type = "repair_cost_approved"
    version = 1

    repair_id: str
    cost_id: str
    contract_id: str
    store: str
    amount: str
    repair_class: str
    charged_to: str
    crew: str | None


class RepairsNotReturned(Event):
    """A04: the 17:00 list of repair orders not returned, for the department head."""

    event_type = "repairs_not_returned"
    version = 1

    store: str
    on: str
    repair_ids: list[str]
    alert_roles: list[str]
