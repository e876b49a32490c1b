"""QC inspections under the tenant's version of the quality standard, and rectification orders (K08)."""

from __future__ import annotations

from services.construction.application.projects import UowFactory
from services.construction.commands import (
    AdoptStandard,
    CloseRectificationOrder,
    ListInspections,
    ListProjectRectifications,
    ListRectifications,
    RecordInspection,
    ShowStandard,
)
from services.construction.domain import quality
from services.construction.domain.inspection import Inspection, StandardAdoption
from services.construction.ports import ConstructionUnitOfWork
from services.construction.results import (
    InspectionList,
    InspectionRead,
    QualityStandardRead,
    RectificationOrderList,
    RectificationOrderPage,
    RectificationOrderRead,
)
from shared.clock import utcnow
from shared.identity.context import Principal
from shared.ids import new_id
from shared.persistence.paging import clamp, page, store_scope

#: K08: QC inspects and closes rectification orders.
INSPECTORS = ("qc",)
#: K08: who reads the rectification orders: QC, the foreman who puts them right, and the managers.
RECTIFICATION_READERS = ("qc", "foreman", "engineering_manager", "engineering_stats", "studio_manager",
                         "general_manager", "hq", "tenant_admin")
#: Who moves a tenant to a newer version of the standard.
STANDARD_KEEPERS = ("tenant_admin", "engineering_manager", "hq")


def _tenant_version(u: ConstructionUnitOfWork) -> str:
    adoption = u.quality.adoption()
    return adoption.version if adoption else quality.FIRST_VERSION


def show_standard(cmd: ShowStandard, *, uow: UowFactory, principal: Principal) -> QualityStandardRead:
    """《家庭居室装饰工程质量验收标准》 as data: the tenant's version (or ``?version=``), every trade and check."""
    with uow() as u:
        version = cmd.version or _tenant_version(u)
    return QualityStandardRead.model_validate(quality.standard(version).to_data())


def adopt_standard(cmd: AdoptStandard, *, uow: UowFactory, principal: Principal) -> QualityStandardRead:
    """The tenant inspects under a newer version from now on; earlier inspections keep theirs."""
    principal.require_role(STANDARD_KEEPERS, rule="K08", action="adopt a version of the quality standard")
    chosen = quality.standard(cmd.version)
    with uow() as u:
        adoption = u.quality.adoption(lock=True)
        now = utcnow()
        if adoption is None:
            adoption = StandardAdoption(version=quality.FIRST_VERSION, adopted_at=now, adopted_by=principal.username)
            u.quality.add(adoption)
        adoption.adopt(chosen.version, by=principal.username, at=now)
        u.publish_from(adoption)
        u.commit()
    return QualityStandardRead.model_validate(chosen.to_data())


def record_inspection(cmd: RecordInspection, *, uow: UowFactory, principal: Principal) -> InspectionRead:
    """K08: QC's observations decided against the standard; each failure opens 《质量限期整改单》."""
    principal.require_role(INSPECTORS, rule="K08", action="record inspections")
    with uow() as u:
        project = u.projects.project(cmd.project_id)
        principal.require_store(project.store, what="project")
        now = utcnow()
        inspection, orders = Inspection.decide(
            id=new_id(), project_id=project.id, store=project.store, standard=quality.standard(_tenant_version(u)),
            trade=cmd.trade, observations=[(r.check, r.observed) for r in cmd.results], by=principal.username,
            at=now, today=u.settings.effective(project.store).today(now), order_ids=[new_id() for _ in cmd.results],
            photos=cmd.photos)
        u.quality.add(inspection)
        for order in orders:
            u.quality.add(order)
        u.publish_from(inspection)
        u.commit()
        return InspectionRead.of(inspection, orders)


def list_inspections(cmd: ListInspections, *, uow: UowFactory, principal: Principal) -> InspectionList:
    """The project's inspections with the orders each opened, oldest first."""
    with uow() as u:
        project = u.projects.project(cmd.project_id)
        principal.require_store(project.store, what="project")
        orders = u.quality.orders_of(project.id)
        return InspectionList(items=[InspectionRead.of(i, [o for o in orders if o.inspection_id == i.id])
                                     for i in u.quality.inspections(project.id)])


def close_rectification_order(cmd: CloseRectificationOrder, *, uow: UowFactory,
                              principal: Principal) -> RectificationOrderRead:
    """K08: QC closes 《质量限期整改单》 once a later inspection passed its check."""
    principal.require_role(INSPECTORS, rule="K08", action="close rectification orders")
    with uow() as u:
        order = u.quality.order(cmd.order_id, lock=True)
        principal.require_store(order.store, what="rectification order")
        reinspection = u.quality.latest_inspection_of(order.project_id, order.check_id, after=order.opened_at)
        now = utcnow()
        order.close(reinspection, by=principal.username, at=now)
        u.publish_from(order)
        u.commit()
        return RectificationOrderRead.of(order, today=u.settings.effective(order.store).today(now))


def list_project_rectifications(cmd: ListProjectRectifications, *, uow: UowFactory,
                                principal: Principal) -> RectificationOrderList:
    """《质量限期整改单》 of one project, oldest first: status, deadline (overdue or not), the failed
    check, the inspection that opened it and the one that closed it."""
    with uow() as u:
        project = u.projects.project(cmd.project_id)
        # Not yours answers 404 before the role is looked at, as everywhere.
        principal.require_store(project.store, what="project")
        principal.require_role(RECTIFICATION_READERS, rule="K08", action="read rectification orders")
        today = u.settings.effective(project.store).today()
        return RectificationOrderList(items=[RectificationOrderRead.of(o, today=today, number=project.number)
                                             for o in u.quality.orders_of(project.id, status=cmd.status)])


def list_rectifications(cmd: ListRectifications, *, uow: UowFactory, principal: Principal) -> RectificationOrderPage:
    """QC's and the managers' queue of rectification orders in the caller's stores (``?status=open``)."""
    principal.require_role(RECTIFICATION_READERS, rule="K08", action="read rectification orders")
    stores = store_scope(principal, cmd.store)
    limit = clamp(cmd.limit)
    with uow() as u:
        rows = u.quality.orders(stores=stores, status=cmd.status, limit=limit + 1, after=cmd.cursor)
        numbers = u.quality.numbers_of({o.project_id for o in rows})
        # Overdue by each order's own store's day (stores of one tenant may lie in different zones).
        today = {store: u.settings.effective(store).today() for store in {o.store for o in rows}}
        return RectificationOrderPage.model_validate(page(  # type: ignore[arg-type]
            rows, limit,
            lambda o: RectificationOrderRead.of(o, today=today[o.store], number=numbers.get(o.project_id))))
