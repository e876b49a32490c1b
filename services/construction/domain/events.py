"""Events construction publishes, and construction's own reading of the events it consumes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from shared.messaging.events import Event, EventView


class ContractSignedView(EventView):
    """What construction reads of ``contracts.contract_signed`` (C07, K01)."""

    contract_id: str
    number: str
    store: str
    customer_name: str = ""
    address: str = ""
    designer: str = ""
    #: The contract total: K09 caps a project's removals at 10% of it.
    total: Decimal = Decimal("0")
    signed_on: date


class InstallmentPaidView(EventView):
    """What construction reads of ``finance.installment_paid``: the final installment in opens K17."""

    contract_id: str
    store: str
    kind: str
    amount: Decimal
    paid_on: date


class ProjectOpened(Event):
    """开工登记: the project is on 《在施工程一览表》 with its 《工程资料明细单》 (K01)."""

    event_type = "project_opened"
    version = 1

    project_id: str
    contract_id: str
    number: str
    store: str
    opened_on: str


class StepStarted(Event):
    event_type = "step_started"
    version = 1

    project_id: str
    step: str
    percent: int


class StepProgressed(Event):
    event_type = "step_progressed"
    version = 1

    project_id: str
    step: str
    percent: int


class StepCompleted(Event):
    event_type = "step_completed"
    version = 1

    project_id: str
    step: str


class FormSigned(Event):
    """A construction form was signed and its PDF stored (P02); ``supersedes`` when it corrects one."""

    event_type = "form_signed"
    version = 1

    project_id: str
    contract_id: str
    store: str
    form_id: str
    type: str
    form_version: int
    supersedes: str | None
    document_id: str
    sha256: str


class MidtermSettlementSigned(Event):
    """《中期预决算单》 signed by the customer (K13): finance sets the mid-term amount (F02, F03)."""

    event_type = "midterm_settlement_signed"
    version = 1

    project_id: str
    contract_id: str
    store: str
    form_id: str
    document_id: str
    amount: str
    signed_on: date


class CompletionSettlementSigned(Event):
    """《竣工结算单》 signed by the customer (K15): the final installment's amount (F04, F06)."""

    event_type = "completion_settlement_signed"
    version = 1

    project_id: str
    contract_id: str
    store: str
    form_id: str
    document_id: str
    amount: str
    signed_on: date


class CompletionAccepted(Event):
    """《竣工验收单》 signed and passed (K16): final payment due in 3 days (F04); warranty (A01)."""

    event_type = "completion_accepted"
    version = 1

    project_id: str
    contract_id: str
    store: str
    form_id: str
    document_id: str
    accepted_on: date
    #: The project has waterproofing works, so their 5-year coverage applies (A01).
    waterproofing: bool


class ShowcaseSiteRegistered(Event):
    """The site joins 《可参观工地一览表》 for marketing (K14)."""

    event_type = "showcase_site_registered"
    version = 1

    project_id: str
    contract_id: str
    store: str
    registered_on: date


class KeysHandedOver(Event):
    """The keys went to the customer (K17)."""

    event_type = "keys_handed_over"
    version = 1

    project_id: str
    contract_id: str
    store: str
    handed_over_on: date


class InspectionRecorded(Event):
    """A QC inspection decided from the standard (K08)."""

    event_type = "inspection_recorded"
    version = 1

    project_id: str
    inspection_id: str
    trade: str
    standard_version: str
    passed: bool
    failed: list[str]


class CrewPenaltyRecorded(Event):
    """A serious violation: the crew is penalised (K08, 严重违规)."""

    event_type = "crew_penalty_recorded"
    version = 1

    project_id: str
    order_id: str
    check: str
    clause: str


class RectificationOrderClosed(Event):
    """《质量限期整改单》 closed after a passing re-inspection (K08)."""

    event_type = "rectification_order_closed"
    version = 1

    project_id: str
    order_id: str
    check: str
    inspection_id: str


class QualityStandardAdopted(Event):
    """A tenant inspects under a newer version of the standard from now on."""

    event_type = "quality_standard_adopted"
    version = 1

    version_adopted: str


class SettlementRegistered(Event):
    """F06: the settled project is on 《结算登记表》, every form of its documents list signed."""

    event_type = "settlement_registered"
    version = 1

    project_id: str
    contract_id: str
    store: str
    registered_on: date
    registered_by: str
