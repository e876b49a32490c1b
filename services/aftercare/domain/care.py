"""The aftercare aggregates after handover: the warranty (A01, A03), repair orders (A04) and their
costs (A05), and the tenant's working-day calendar. Plain Python, mapped by the adapters."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from services.aftercare.domain import repairs as rules
from services.aftercare.domain import warranty as cover
from services.aftercare.domain.calendar import WorkCalendar
from services.aftercare.domain.events import RepairCompleted, RepairCostApproved, RepairRecorded, WarrantyCardIssued
from services.aftercare.domain.repairs import RepairStatus
from shared.errors import Conflict
from shared.messaging.events import Event
from shared.money import money_str


class Holiday:
    """A day off (or, ``worked``, a weekend day worked instead) of the tenant's calendar."""

    def __init__(self, *, day: date, worked: bool = False, name: str = "") -> None:
        self.day, self.worked, self.name = day, worked, name


class WarrantyCallback:
    """A03: one quarterly callback of the warranty: due on a day, done by someone with a note."""

    done_at: datetime | None
    done_by: str | None
    note: str | None

    def __init__(self, *, contract_id: str, seq: int, due_on: date) -> None:
        self.contract_id, self.seq, self.due_on = contract_id, seq, due_on
        self.done_at = self.done_by = self.note = None


class Warranty:
    """保修卡 of one contract (A01): what is known of its acceptance and final payment, and the card."""

    events: list[Event]
    callbacks: list[WarrantyCallback]
    accepted_on: date | None
    waterproofing: bool | None
    final_paid_on: date | None
    issued_on: date | None
    document_id: str | None

    def __init__(self, *, contract_id: str, store: str) -> None:
        self.contract_id, self.store = contract_id, store
        self.accepted_on = self.waterproofing = self.final_paid_on = self.issued_on = self.document_id = None
        self.callbacks = []
        self.events = []

    @property
    def issued(self) -> bool:
        return self.issued_on is not None

    def ends(self) -> dict[str, date]:
        """A01: each scope and the day its coverage ends (empty before the card)."""
        if not self.issued or self.accepted_on is None:
            return {}
        return cover.coverage(self.accepted_on, bool(self.waterproofing))

    def accepted(self, on: date, waterproofing: bool) -> None:
        """The completion acceptance passed (A01): the coverage starts that day."""
        self.accepted_on, self.waterproofing = on, waterproofing
        self._issue_if_due()

    def final_paid(self, on: date) -> None:
        """The final payment is in, confirmed (A01, F01)."""
        self.final_paid_on = self.final_paid_on or on
        self._issue_if_due()

    def _issue_if_due(self) -> None:
        """A01: the card once acceptance passed and the final payment is in; A03 schedules the callbacks."""
        if self.issued or self.accepted_on is None or self.final_paid_on is None:
            return
        self.issued_on = max(self.accepted_on, self.final_paid_on)
        ends = cover.coverage(self.accepted_on, bool(self.waterproofing))
        days = cover.callback_days(self.accepted_on, ends[cover.GENERAL])
        self.callbacks = [WarrantyCallback(contract_id=self.contract_id, seq=n, due_on=d)
                          for n, d in enumerate(days, start=1)]
        water = ends.get(cover.WATERPROOFING)
        self.events.append(WarrantyCardIssued(contract_id=self.contract_id, store=self.store,
                                              starts_on=self.accepted_on.isoformat(),
                                              general_ends_on=ends[cover.GENERAL].isoformat(),
                                              waterproofing_ends_on=water.isoformat() if water else None,
                                              callbacks=len(days)))

    def record_callback(self, seq: int, *, by: str, note: str, at: datetime) -> WarrantyCallback:
        """A03: a quarterly callback done, once."""
        found = next((c for c in self.callbacks if c.seq == seq), None)
        if found is None:
            raise Conflict(f"the warranty has no callback {seq}", rule="A03", field="seq")
        if found.done_at is not None:
            raise Conflict(f"callback {seq} is already recorded", rule="A03", field="seq")
        found.done_at, found.done_by, found.note = at, by, note
        return found


class RepairCost:
    """A05: one cost of a repair, with the approvals its amount needs and those given."""

    approved_at: datetime | None

    charged_to: str | None

    def __init__(self, *, id: str, repair_id: str, amount: Decimal, description: str, recorded_by: str,
                 recorded_at: datetime, tiers: tuple[Decimal, Decimal, Decimal] | None = None) -> None:
        self.id, self.repair_id, self.amount, self.description = id, repair_id, amount, description
        self.recorded_by, self.recorded_at = recorded_by, recorded_at
        # The tiers in force when the cost is recorded decide its approvers, later changes do not.
        manager, deputies, audit = tiers or (rules.TIER_1, rules.TIER_2, rules.AUDIT_ABOVE)
        self.required = ",".join(rules.approver_roles(amount, manager_up_to=manager, deputies_up_to=deputies,
                                                      audit_above=audit))
        self.approvals = ""
        self.approved_at = None
        self.charged_to = None

    def required_roles(self) -> list[str]:
        return [r for r in self.required.split(",") if r]

    def given(self) -> list[str]:
        return [a for a in self.approvals.split(",") if a]


class Repair:
    """《报修记录、派工、验收、回访单》: one repair order and its A04 deadlines (store-local working days)."""

    events: list[Event]
    costs: list[RepairCost]
    responsibility: str | None
    multi_trade: bool | None
    surveyed_at: datetime | None
    surveyed_by: str | None
    due_on: date | None
    customer_consent: bool
    crew: str | None
    dispatched_at: datetime | None
    completed_at: datetime | None
    customer_signed_by: str | None
    callback_due_on: date | None
    called_back_at: datetime | None
    callback_note: str | None
    satisfied: bool | None

    def __init__(self, *, id: str, contract_id: str, store: str, item: str, fault: str, scope: str, urgent: bool,
                 address: str, phone: str, appointment: str | None, repair_class: str, received_by: str,
                 received_at: datetime, survey_due_on: date) -> None:
        self.id, self.contract_id, self.store, self.item, self.fault = id, contract_id, store, item, fault
        self.scope, self.urgent, self.address, self.phone, self.appointment = scope, urgent, address, phone, appointment
        self.repair_class, self.received_by, self.received_at = repair_class, received_by, received_at
        self.survey_due_on = survey_due_on
        self.status: str = RepairStatus.RECORDED
        self.responsibility = self.surveyed_by = self.crew = self.customer_signed_by = self.callback_note = None
        self.multi_trade = self.satisfied = None
        self.surveyed_at = self.dispatched_at = self.completed_at = self.called_back_at = None
        self.due_on = self.callback_due_on = None
        self.customer_consent = False
        self.costs = []
        self.events = []

    @classmethod
    def record(cls, *, id: str, warranty: Warranty | None, calendar: WorkCalendar, at: datetime,
               **fields: object) -> Repair:
        """A01, A04: class A in warranty else B (from the item's scope and the day); survey in 1 working day."""
        today = calendar.local_day(at)
        in_warranty = warranty is not None and cover.in_warranty(warranty.ends(), str(fields["scope"]), today)
        repair = cls(id=id, repair_class=rules.repair_class(in_warranty), received_at=at,
                     survey_due_on=calendar.due(at, rules.SURVEY_WITHIN), **fields)  # type: ignore[arg-type]
        repair.events.append(RepairRecorded(repair_id=id, contract_id=repair.contract_id, store=repair.store,
                                            repair_class=repair.repair_class, urgent=repair.urgent,
                                            survey_due_on=repair.survey_due_on.isoformat()))
        return repair

    def survey(self, *, responsibility: str, multi_trade: bool, by: str, at: datetime,
               calendar: WorkCalendar) -> None:
        """A04: the site survey decides who is responsible; the repair is due in 3 or 7 working days."""
        rules.check_step(self.status, RepairStatus.RECORDED, "surveyed")
        self.responsibility, self.multi_trade, self.surveyed_by, self.surveyed_at = responsibility, multi_trade, by, at
        self.due_on = calendar.due(at, rules.work_days(multi_trade))
        self.status = RepairStatus.SURVEYED

    def extend(self, new_due_on: date, *, customer_consent: bool) -> None:
        """A04: more time only with the customer's recorded consent."""
        if self.due_on is None or self.status not in (RepairStatus.SURVEYED, RepairStatus.DISPATCHED):
            raise Conflict("only a surveyed repair not yet completed has a due date to extend", rule="A04",
                           field="status")
        rules.check_extension(self.due_on, new_due_on, customer_consent)
        self.due_on, self.customer_consent = new_due_on, customer_consent or self.customer_consent

    def dispatch(self, *, crew: str, at: datetime) -> None:
        """A04: 派工 to a crew (urgent orders are listed first)."""
        rules.check_step(self.status, RepairStatus.SURVEYED, "dispatched")
        self.crew, self.dispatched_at, self.status = crew, at, RepairStatus.DISPATCHED

    def complete(self, *, customer_signed_by: str, at: datetime, calendar: WorkCalendar) -> None:
        """A04: the customer signs the acceptance; the callback is due within 1 working day."""
        rules.check_step(self.status, RepairStatus.DISPATCHED, "completed")
        self.customer_signed_by, self.completed_at = customer_signed_by, at
        self.callback_due_on = calendar.due(at, rules.CALLBACK_WITHIN)
        self.status = RepairStatus.COMPLETED
        on_time = self.due_on is None or calendar.local_day(at) <= self.due_on
        self.events.append(RepairCompleted(repair_id=self.id, contract_id=self.contract_id, store=self.store,
                                           on_time=on_time, callback_due_on=self.callback_due_on.isoformat()))

    def call_back(self, *, note: str, satisfied: bool, at: datetime) -> None:
        """A04: the callback (回访) after completion."""
        rules.check_step(self.status, RepairStatus.COMPLETED, "called back")
        self.callback_note, self.satisfied, self.called_back_at = note, satisfied, at
        self.status = RepairStatus.CALLED_BACK

    def add_cost(self, cost: RepairCost) -> RepairCost:
        """A05: a cost of the repair (the 《维修工程结算书》 line), approved by amount."""
        if self.status == RepairStatus.RECORDED:
            raise Conflict("a cost follows the site survey", rule="A05", field="status")
        self.costs.append(cost)
        return cost

    def approve_cost(self, cost_id: str, *, roles: frozenset[str], at: datetime,
                     b_repair_charged_to: str = rules.B_REPAIR_CHARGED_TO) -> RepairCost:
        """A05: the caller gives the approval their role holds; complete, a class A cost goes to the
        responsible crew's quality deposit (3.5.9), a class B one to the company or, by the tenant's
        policy, the customer (A01)."""
        cost = next((c for c in self.costs if c.id == cost_id), None)
        if cost is None:
            raise Conflict("no such cost on this repair", rule="A05", field="cost_id")
        role = rules.check_may_approve(roles, cost.required_roles(), cost.given())
        cost.approvals = ",".join([*cost.given(), role])
        if set(cost.required_roles()) <= set(cost.given()):
            cost.approved_at = at
            charged = rules.charged_to(self.repair_class, b_repair_charged_to)
            cost.charged_to = charged
            self.events.append(RepairCostApproved(repair_id=self.id, cost_id=cost.id, contract_id=self.contract_id,
                                                  store=self.store, amount=money_str(cost.amount),
                                                  repair_class=self.repair_class, charged_to=charged, crew=self.crew))
        return cost

    def not_returned_by(self, deadline: datetime) -> bool:
        """A04: dispatched before the deadline and still not returned (completed) by it."""
        return (self.status == RepairStatus.DISPATCHED and self.dispatched_at is not None
                and self.dispatched_at <= deadline)
