"""Events construction publishes, and construction's own reading of the events it consumes."""

from __future__ import annotations

from datetime import date

from shared.messaging.events import Event, EventView


class ContractSignedView(EventView):
    """What construction reads of ``contracts.contract_signed`` (C07, K01)."""

    contract_id: str
    number: str
    store: str
    customer_name: str = ""
    address: str = ""
    designer: str = ""
    signed_on: date


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
