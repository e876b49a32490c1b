"""Use cases of the sales service (流程01–06): one function each, over a unit of work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.sales import views
from services.sales.adapters.orm import DesignRow, EstimateRow, LeadRow, MeasurementRequestRow, MeasurementRow
from services.sales.adapters.unit_of_work import SalesUnitOfWork
from services.sales.commands import (
    ConfirmDesign,
    DraftDesign,
    GiveEstimate,
    RecordDeposit,
    RecordMeasurement,
    RegisterLead,
    RequestMeasurement,
)
from services.sales.domain import designs, estimates, leads, measurements
from services.sales.domain.events import (
    DepositReceived,
    DesignConfirmed,
    DesignDrafted,
    EstimateGiven,
    LeadRegistered,
    MeasurementRecorded,
    MeasurementRequested,
    MeasurementScheduled,
)
from shared.clock import utcnow
from shared.context import Principal
from shared.errors import Conflict, Forbidden
from shared.ids import new_id
from shared.money import money_str
from shared.paging import clamp, page, store_scope
from shared.signatures import Signature
from shared.uow import run_idempotent

UowFactory = Callable[[], SalesUnitOfWork]

DESIGNERS = ("designer",)
#: F01's spirit: money is taken by finance or the studio manager's assistant, no one else.
DEPOSIT_TAKERS = ("finance", "studio_assistant")
APPROVERS = ("studio_manager",)


def _lead_for(u: SalesUnitOfWork, principal: Principal, lead_id: str, *, lock: bool = False) -> LeadRow:
    lead = u.repo.get(LeadRow, lead_id, what="lead", lock=lock)
    principal.require_store(lead.store, what="lead")
    return lead


def register_lead(uow: UowFactory, principal: Principal, cmd: RegisterLead,
                  idempotency_key: str | None = None) -> dict[str, Any]:
    """Register a reception in the customer resource register (《客户资源登记表》, S01, S03, S04)."""
    principal.require_role(leads.LEAD_CREATORS, action="register leads")
    if not principal.can_see_store(cmd.store):
        # Creating in a store is not reading a record: the store is named, so say it is not yours.
        raise Forbidden(f"you do not work in store {cmd.store}", field="store")
    reception = leads.receive(principal.roles, principal.username, cmd.designer)

    def register(u: SalesUnitOfWork) -> dict[str, Any]:
        row = LeadRow(
            id=new_id(), store=cmd.store, customer_name=cmd.customer_name, phone=cmd.phone,
            address=cmd.address, source=cmd.source, channel=cmd.channel,
            consultation_channel=cmd.consultation_channel, notes=cmd.notes, designer=reception.designer,
            assigned_queue=reception.assigned_queue, received_by=principal.username, status="new",
            created_at=utcnow(),
        )
        u.repo.add(row)
        u.publish(LeadRegistered(
            lead_id=row.id, store=row.store, customer_name=row.customer_name, phone=row.phone,
            address=row.address, source=row.source, channel=row.channel,
            consultation_channel=row.consultation_channel, designer=row.designer, status=row.status,
        ))
        return views.lead(row)

    # Nothing to check on a record: the role and the named store were checked above.
    return run_idempotent(uow, "register_lead", idempotency_key, register, caller=principal, authorize=None,
                          request=cmd)


def get_lead(uow: UowFactory, principal: Principal, lead_id: str) -> dict[str, Any]:
    """One lead of the caller's stores with its estimates, visits, measurements and design versions."""
    principal.require_role(leads.LEAD_READERS, action="read the customer resource register")
    with uow() as u:
        lead = _lead_for(u, principal, lead_id)
        answer = views.lead(lead)
        answer["estimates"] = [views.estimate(r) for r in u.repo.of_lead(EstimateRow, lead.id)]
        answer["measurement_requests"] = [
            views.measurement_request(r) for r in u.repo.of_lead(MeasurementRequestRow, lead.id)]
        answer["measurements"] = [views.measurement(r) for r in u.repo.of_lead(MeasurementRow, lead.id)]
        answer["designs"] = [views.design(r) for r in sorted(u.repo.of_lead(DesignRow, lead.id),
                                                             key=lambda d: d.version)]
        return answer


def list_leads(uow: UowFactory, principal: Principal, *, store: str | None, limit: int,
               cursor: str | None) -> dict[str, Any]:
    """The customer resource register (S04) of the caller's stores, newest first, a page at a time."""
    principal.require_role(leads.LEAD_READERS, action="read the customer resource register")
    stores = store_scope(principal, store)
    limit = clamp(limit)
    with uow() as u:
        rows = u.repo.leads(stores=stores, limit=limit + 1, after=cursor)
        return page(rows, limit, views.lead)


def give_estimate(uow: UowFactory, principal: Principal, lead_id: str, cmd: GiveEstimate) -> dict[str, Any]:
    """A simple estimate at reception (简单估算); never a whole-house total on the phone (S02)."""
    principal.require_role(DESIGNERS, action="give estimates")
    with uow() as u:
        lead = _lead_for(u, principal, lead_id)
        estimates.check_scope(lead.consultation_channel, cmd.scope)
        row = EstimateRow(
            id=new_id(), lead_id=lead.id, store=lead.store, scope=cmd.scope,
            items=[{"name": i.name, "amount": money_str(i.amount)} for i in cmd.items],
            total=estimates.total(i.amount for i in cmd.items), created_by=principal.username,
            created_at=utcnow(),
        )
        u.repo.add(row)
        u.publish(EstimateGiven(estimate_id=row.id, lead_id=lead.id, store=lead.store, scope=row.scope,
                                total=money_str(row.total)))
        u.commit()
        return views.estimate(row)


def record_deposit(uow: UowFactory, principal: Principal, lead_id: str, cmd: RecordDeposit,
                   idempotency_key: str | None = None) -> dict[str, Any]:
    """Record the customer's deposit (订金); visits waiting for approval become scheduled (S05)."""
    principal.require_role(DEPOSIT_TAKERS, action="receive deposits")

    def receive(u: SalesUnitOfWork) -> dict[str, Any]:
        lead = _lead_for(u, principal, lead_id, lock=True)
        if lead.deposit_amount is not None:
            raise Conflict("a deposit is already recorded for this lead", field="amount")
        now = utcnow()
        lead.deposit_amount, lead.deposit_received_at = cmd.amount, now
        lead.deposit_received_by = principal.username
        u.publish(DepositReceived(lead_id=lead.id, store=lead.store, amount=money_str(cmd.amount),
                                  received_by=principal.username))
        for request in u.repo.of_lead(MeasurementRequestRow, lead.id):
            if request.status == "awaiting_approval":
                # S05: approval exists only because no deposit was paid; with one, the visit goes ahead.
                request.status, request.scheduled_at = "scheduled", now
                u.publish(MeasurementScheduled(request_id=request.id, lead_id=lead.id, store=lead.store,
                                               requested_for=views.iso(request.requested_for) or "",
                                               approved_by="", reason="deposit_paid"))
        return views.lead(lead)

    return run_idempotent(uow, f"record_deposit:{lead_id}", idempotency_key, receive, caller=principal,
                          authorize=lambda u: _lead_for(u, principal, lead_id), request=cmd)


def request_measurement(uow: UowFactory, principal: Principal, lead_id: str,
                        cmd: RequestMeasurement) -> dict[str, Any]:
    """Ask for an on-site measurement (上门量房): never refused; without deposit it awaits approval (S05)."""
    principal.require_role(DESIGNERS, action="request measurement visits")
    with uow() as u:
        lead = _lead_for(u, principal, lead_id, lock=True)
        now = utcnow()
        status = measurements.initial_status(lead.deposit_amount is not None)
        row = MeasurementRequestRow(
            id=new_id(), lead_id=lead.id, store=lead.store, requested_for=cmd.requested_for,
            status=status, requested_by=principal.username,
            scheduled_at=now if status == "scheduled" else None, created_at=now,
        )
        u.repo.add(row)
        lead.status = leads.advance(lead.status, "measurement_requested")
        u.publish(MeasurementRequested(request_id=row.id, lead_id=lead.id, store=lead.store,
                                       requested_for=views.iso(row.requested_for) or "", status=status,
                                       designer=principal.username))
        u.commit()
        return views.measurement_request(row)


def approve_measurement_request(uow: UowFactory, principal: Principal, request_id: str) -> dict[str, Any]:
    """The studio manager lets a visit without deposit go ahead (S05: 须请示设计室经理)."""
    principal.require_role(APPROVERS, rule="S05", action="approve measurement visits")
    with uow() as u:
        row = u.repo.get(MeasurementRequestRow, request_id, what="measurement request", lock=True)
        principal.require_store(row.store, what="measurement request")
        measurements.check_can_approve(row.status)
        row.status, row.approved_by, row.scheduled_at = "scheduled", principal.username, utcnow()
        u.publish(MeasurementScheduled(request_id=row.id, lead_id=row.lead_id, store=row.store,
                                       requested_for=views.iso(row.requested_for) or "",
                                       approved_by=principal.username, reason="approved"))
        u.commit()
        return views.measurement_request(row)


def record_measurement(uow: UowFactory, principal: Principal, lead_id: str,
                       cmd: RecordMeasurement) -> dict[str, Any]:
    """Record rooms and the wall structure judgement told to the customer (S06), after a scheduled visit."""
    principal.require_role(DESIGNERS, action="record measurements")
    rooms = [measurements.Room(r.name, r.length_m, r.width_m, r.height_m) for r in cmd.rooms]
    with uow() as u:
        lead = _lead_for(u, principal, lead_id, lock=True)
        measurements.check_visit_scheduled([r.status for r in u.repo.of_lead(MeasurementRequestRow, lead.id)])
        row = MeasurementRow(
            id=new_id(), lead_id=lead.id, store=lead.store,
            rooms=[{"name": r.name, "length_m": f"{r.length_m:f}", "width_m": f"{r.width_m:f}",
                    "height_m": f"{r.height_m:f}", "floor_area_m2": f"{r.floor_area_m2:.2f}"} for r in rooms],
            walls=[{"name": w.name, "structure": w.structure,
                    "structure_label": measurements.WALL_STRUCTURES[w.structure][0],
                    "customer_advice": measurements.WALL_STRUCTURES[w.structure][1]} for w in cmd.walls],
            total_floor_area=measurements.total_floor_area(rooms), measured_by=principal.username,
            measured_at=utcnow(),
        )
        u.repo.add(row)
        lead.status = leads.advance(lead.status, "measured")
        u.publish(MeasurementRecorded(measurement_id=row.id, lead_id=lead.id, store=lead.store,
                                      total_floor_area_m2=f"{row.total_floor_area:.2f}",
                                      wall_structures=[w.structure for w in cmd.walls]))
        u.commit()
        return views.measurement(row)


def draft_design(uow: UowFactory, principal: Principal, lead_id: str, cmd: DraftDesign) -> dict[str, Any]:
    """A new version n of floor plan (平面图) and preliminary budget (初步预算); older ones are kept (S07)."""
    principal.require_role(DESIGNERS, action="draw designs")
    with uow() as u:
        lead = _lead_for(u, principal, lead_id, lock=True)
        designs.check_can_revise(lead.confirmed_design_version)
        row = DesignRow(
            id=new_id(), lead_id=lead.id, store=lead.store, version=u.repo.last_design_version(lead.id) + 1,
            floor_plan_document_id=cmd.floor_plan_document_id,
            budget_items=[{"name": i.name, "amount": money_str(i.amount)} for i in cmd.budget_items],
            total=estimates.total(i.amount for i in cmd.budget_items), status="draft",
            created_by=principal.username, created_at=utcnow(),
        )
        u.repo.add(row)
        lead.status = leads.advance(lead.status, "designing")
        u.publish(DesignDrafted(design_id=row.id, lead_id=lead.id, store=lead.store,
                                version_number=row.version, total=money_str(row.total)))
        u.commit()
        return views.design(row)


def get_design(uow: UowFactory, principal: Principal, design_id: str) -> dict[str, Any]:
    """One design version of the caller's stores."""
    principal.require_role(leads.LEAD_READERS, action="read designs")
    with uow() as u:
        row = u.repo.get(DesignRow, design_id, what="design")
        principal.require_store(row.store, what="design")
        return views.design(row)


def confirm_design(uow: UowFactory, principal: Principal, design_id: str, cmd: ConfirmDesign,
                   idempotency_key: str | None = None) -> dict[str, Any]:
    """The customer signs one version as confirmed (客户认定); one per lead, never twice (S07)."""
    principal.require_role(DESIGNERS, action="have designs confirmed")
    signature = Signature.parse(cmd.customer_signature, field="customer_signature")

    def confirm(u: SalesUnitOfWork) -> dict[str, Any]:
        row = u.repo.get(DesignRow, design_id, what="design", lock=True)
        principal.require_store(row.store, what="design")
        # The lead row is the lock that keeps two versions from being confirmed at once.
        lead = _lead_for(u, principal, row.lead_id, lock=True)
        designs.check_can_confirm(row.status, lead.confirmed_design_version)
        now = utcnow()
        row.status, row.confirmed_by, row.confirmed_at = "confirmed", principal.username, now
        row.customer_signature = signature.to_data()
        lead.confirmed_design_version = row.version
        lead.status = leads.advance(lead.status, "design_confirmed")
        u.publish(DesignConfirmed(
            design_id=row.id, lead_id=lead.id, store=lead.store, version_number=row.version,
            floor_plan_document_id=row.floor_plan_document_id, total=money_str(row.total),
            designer=lead.designer or principal.username, confirmed_at=now.isoformat(),
        ))
        return views.design(row)

    def authorize(u: SalesUnitOfWork) -> None:
        row = u.repo.get(DesignRow, design_id, what="design")
        principal.require_store(row.store, what="design")

    return run_idempotent(uow, f"confirm_design:{design_id}", idempotency_key, confirm, caller=principal,
                          authorize=authorize, request=cmd)
