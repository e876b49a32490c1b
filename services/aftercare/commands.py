"""The aftercare service's commands: every input of a use case, validated at the entrypoint."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field

from shared.money import Money
from shared.persistence.paging import PageQuery
from shared.validation import Command

#: An id from the URL: as long as the gateway lets a path segment be; an unknown one is not found.
PathId = Field(min_length=1, max_length=200)


class GetCustomerArchive(Command):
    """《客户档案表》 of one contract."""

    contract_id: str = PathId


class RecordComplaint(Command):
    """《客户投诉记录单》: a complaint about a signed contract (A06)."""

    contract_id: str = Field(min_length=1, max_length=36)
    text: str = Field(min_length=1, max_length=4000)
    customers_affected: int = Field(default=1, ge=1, le=100_000)
    #: A short key grouping complaints on one matter (同一事件), for the five-customer rule.
    matter: str | None = Field(default=None, min_length=1, max_length=64)
    #: A06: a loss or an injury makes the complaint major at once.
    loss_or_injury: bool = False
    #: A06: the customer complains again (also found: the same contract and matter as an earlier one).
    repeated: bool = False


class ListComplaints(PageQuery):
    """Complaints of the caller's stores, narrowed to one contract, store or status."""

    contract_id: str | None = Field(default=None, max_length=200)
    store: str | None = Field(default=None, max_length=200)
    #: Checked against the statuses by the use case, which names them in its answer.
    status: str | None = Field(default=None, max_length=200)


class GetComplaint(Command):
    complaint_id: str = PathId


class ClassifyComplaint(Command):
    """A06: valid or invalid; severity only (and always) for a valid complaint."""

    complaint_id: str = PathId
    validity: Literal["valid", "invalid"]
    severity: Literal["major", "important", "minor"] | None = None


class PassOnComplaint(Command):
    """A06: hand a complaint not answerable at once to a department or person."""

    complaint_id: str = PathId
    department: str | None = Field(default=None, min_length=1, max_length=64)
    person: str | None = Field(default=None, min_length=1, max_length=128)
    note: str | None = Field(default=None, max_length=1000)


class AnswerComplaint(Command):
    """A06: the answer given to the customer."""

    complaint_id: str = PathId
    text: str = Field(min_length=1, max_length=4000)


class ResolveComplaint(Command):
    """Close a complaint, with how it was resolved."""

    complaint_id: str = PathId
    resolution: str | None = Field(default=None, max_length=4000)


#: A contract id in a body or query: what the contracts service issues.
ContractId = Field(min_length=1, max_length=36)


class GetWarranties(Command):
    """保修卡 of a contract (A01): none until acceptance passed and the final payment is in."""

    contract_id: str = ContractId


class RecordWarrantyCallback(Command):
    """A03: a quarterly warranty callback done."""

    contract_id: str = PathId
    seq: int = Field(ge=1, le=100)
    note: str = Field(min_length=1, max_length=2000)


class RecordRepair(Command):
    """《报修记录》 (A04): address and phone default to the customer archive's."""

    contract_id: str = ContractId
    item: str = Field(min_length=1, max_length=200)
    fault: str = Field(min_length=1, max_length=2000)
    urgent: bool = False
    #: A01: what the repair covers, for the class: the general 2 years or waterproofing's 5.
    scope: Literal["general", "waterproofing"] = "general"
    address: str | None = Field(default=None, min_length=1, max_length=300)
    phone: str | None = Field(default=None, min_length=3, max_length=32, pattern=r"^[0-9+\- ]+$")
    appointment: str | None = Field(default=None, min_length=1, max_length=64)


class GetRepair(Command):
    repair_id: str = PathId


class ListRepairs(PageQuery):
    """Repairs of the caller's stores, urgent first (A04)."""

    store: str | None = Field(default=None, pattern=r"^[A-Z]$")
    status: Literal["recorded", "surveyed", "dispatched", "completed", "called_back"] | None = None
    contract_id: str | None = Field(default=None, min_length=1, max_length=36)
    cursor: str | None = Field(default=None, max_length=64, pattern=r"^[01]:[0-9a-f-]{1,36}$")


class SurveyRepair(Command):
    """《现场勘察会签表》 (A04): who is responsible, and whether several trades are needed."""

    repair_id: str = PathId
    responsibility: Literal["crew", "customer", "other"]
    multi_trade: bool = False


class ExtendRepair(Command):
    """A04: a later due date, only with the customer's recorded consent."""

    repair_id: str = PathId
    due_on: date
    customer_consent: bool = False


class DispatchRepair(Command):
    """派工 (A04) to a crew."""

    repair_id: str = PathId
    crew: str = Field(min_length=1, max_length=128)


class CompleteRepair(Command):
    """A04: the customer signs the repair's acceptance."""

    repair_id: str = PathId
    customer_signature: dict[str, Any]


class CallBackRepair(Command):
    """A04: the callback after completion."""

    repair_id: str = PathId
    note: str = Field(min_length=1, max_length=2000)
    satisfied: bool


class AddRepairCost(Command):
    """A05: a repair cost, approved by amount."""

    repair_id: str = PathId
    amount: Money
    description: str = Field(default="", max_length=500)


class ApproveRepairCost(Command):
    repair_id: str = PathId
    cost_id: str = PathId


class NotReturnedRepairs(Command):
    """A04: the orders not returned by 17:00 (store time) of a day, for the department head."""

    store: str | None = Field(default=None, pattern=r"^[A-Z]$")


class CalendarDay(Command):
    day: date
    worked: bool = False
    name: str = Field(default="", max_length=64)


class SetWorkCalendar(Command):
    """A tenant's days off (and weekend days worked) between two dates, replacing what was there."""

    first_day: date
    last_day: date
    days: list[CalendarDay] = Field(max_length=400)


class GetWorkCalendar(Command):
    """The tenant's listed days."""


class CallBackComplaint(Command):
    """A06: the callback to the customer within a day of handling."""

    complaint_id: str = PathId
    note: str = Field(min_length=1, max_length=2000)
    satisfied: bool


class IssueWarrantyCard(Command):
    """A01: print the warranty card (保修卡) PDF, signed by the aftercare staff who hands it over."""

    contract_id: str = PathId
    signatures: list[dict[str, Any]] = Field(min_length=1, max_length=12)


class DocumentRef(Command):
    """One document aftercare rendered, by its id."""

    document_id: str = PathId
