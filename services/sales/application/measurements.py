"""The measurement visit (流程04, 上门量房): requested, approved or paid for, then recorded (S05, S06)."""

from __future__ import annotations

from services.sales.application.access import APPROVERS, DESIGNERS, UowFactory, lead_for
from services.sales.commands import (
    ApproveMeasurementRequest,
    ListMeasurementRequests,
    RecordMeasurement,
    RequestMeasurement,
)
from services.sales.domain.leads import LEAD_READERS
from services.sales.domain.measurements import Room
from services.sales.results import MeasurementRead, MeasurementRequestPage, MeasurementRequestRead
from shared.clock import utcnow
from shared.identity.context import Principal
from shared.persistence.paging import clamp, page, store_scope


def request_measurement(cmd: RequestMeasurement, *, uow: UowFactory, principal: Principal) -> MeasurementRequestRead:
    """Ask for an on-site measurement (上门量房): never refused; without deposit it awaits approval (S05)."""
    principal.require_role(DESIGNERS, action="request measurement visits")
    with uow() as u:
        lead = lead_for(u, principal, cmd.lead_id, lock=True)
        request = lead.request_measurement(cmd.requested_for, by=principal.username, at=utcnow())
        u.publish_from(lead)
        u.commit()
        return MeasurementRequestRead.of(request)


def list_measurement_requests(cmd: ListMeasurementRequests, *, uow: UowFactory,
                              principal: Principal) -> MeasurementRequestPage:
    """Measurement visits of the caller's stores, newest first; ``status=awaiting_approval`` is the
    studio manager's approvals queue (S05)."""
    principal.require_role(LEAD_READERS, action="read measurement requests")
    stores = store_scope(principal, cmd.store)
    limit = clamp(cmd.limit)
    with uow() as u:
        rows = u.leads.measurement_requests(stores=stores, status=cmd.status, limit=limit + 1, after=cmd.cursor)
        return MeasurementRequestPage.model_validate(page(rows, limit, MeasurementRequestRead.of))  # type: ignore[arg-type]


def approve_measurement_request(cmd: ApproveMeasurementRequest, *, uow: UowFactory,
                                principal: Principal) -> MeasurementRequestRead:
    """The studio manager lets a visit without deposit go ahead (S05: 须请示设计室经理)."""
    principal.require_role(APPROVERS, rule="S05", action="approve measurement visits")
    with uow() as u:
        lead = u.leads.lead_of_request(cmd.request_id, lock=True)
        principal.require_store(lead.store, what="measurement request")
        request = lead.approve_measurement(cmd.request_id, by=principal.username, at=utcnow())
        u.publish_from(lead)
        u.commit()
        return MeasurementRequestRead.of(request)


def record_measurement(cmd: RecordMeasurement, *, uow: UowFactory, principal: Principal) -> MeasurementRead:
    """Record rooms and the wall structure judgement told to the customer (S06), after a scheduled visit."""
    principal.require_role(DESIGNERS, action="record measurements")
    rooms = [Room(r.name, r.length_m, r.width_m, r.height_m) for r in cmd.rooms]
    with uow() as u:
        lead = lead_for(u, principal, cmd.lead_id, lock=True)
        measurement = lead.record_measurement(rooms, [(w.name, w.structure) for w in cmd.walls],
                                              by=principal.username, at=utcnow())
        u.publish_from(lead)
        u.commit()
        return MeasurementRead.of(measurement)
