"""A few months of a working company for the embedded demo, done through the services' use cases.

Every step is the RPC call the gateway would make, as the demo user whose job it is (a designer
registers and quotes, the studio manager approves, finance takes money, the foreman builds,
aftercare records complaints), so every rule holds and the events feed the other services and
the dashboard. The process clock is moved to the day each step happened (``shared.clock.moved_to``),
relative to today; the random choices are seeded, so two seeds tell the same story.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from services.construction.domain.forms import FORMS
from shared.clock import DEFAULT_TIMEZONE, moved_to
from shared.documents.store import DocumentStore
from shared.identity.context import CallContext, Principal
from shared.messaging.ports import RpcClient

#: How far back the story starts, and how many customers each store received since.
DAYS_BACK = 120
LEADS_PER_STORE = 20
SEED = 20261201
#: A signature pad's stroke (a real PNG: signed forms render it into their PDF).
SIGNATURE_IMAGE = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABgAAAAICAAAAADGymC/AAAAJElEQVR4nGNg+I8dMEAx"
                   "VgmscgxYWBAuToDLBCwWM+CSgIgCAL9+oGAxewnYAAAAAElFTkSuQmCC")
SIGNATURE = {"name": "客户", "role": "customer", "image": SIGNATURE_IMAGE}
ATTACHMENTS = ("contract_notes", "agreed_terms", "customer_supplied_materials", "company_supplied_materials",
               "drawings", "customer_notice", "customer_service_form")
PDF = b"%PDF-1.4 demo document\n%%EOF\n"
SURNAMES = "王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗"
GIVEN = ("芳", "伟", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "霞")
ESTATES = ("望京花园", "金地名京", "万科城市花园", "保利香槟国际", "龙湖滟澜山", "首开国风", "远洋山水", "融创壹号院")
#: Where the demo's leads end up, in shares that make a plausible sales funnel.
STAGES = (("new", 4), ("measurement_requested", 3), ("measured", 2), ("designing", 2), ("design_confirmed", 2),
          ("contracted", 13))
STEPS = ("windows", "carpentry_base", "waterproofing", "carpentry_finishing", "kitchen_bath_tiles", "painting",
         "kitchen_bath_ceilings_living_floor", "walls", "wood_floor", "skirting", "fixtures")
COMPLAINTS = ("卫生间墙面渗水，请尽快派人查看", "施工噪音太大，邻居投诉", "墙面乳胶漆有色差", "约定的开工日期推迟了",
              "地砖有空鼓", "工人离场未清理垃圾")


@dataclass
class Seeder:
    rpc: RpcClient
    documents: DocumentStore
    tenant_id: str
    rnd: random.Random

    def as_(self, username: str, role: str, store: str, key: str | None = None) -> CallContext:
        return CallContext(principal=Principal(tenant_id=self.tenant_id, user_id=username, username=username,
                                               roles=frozenset({role}), stores=frozenset({store})),
                           idempotency_key=key)

    def call(self, who: tuple[str, str, str], service: str, op: str, *, key: str | None = None,
             **fields: Any) -> Any:
        return self.rpc.call(service, op, self.as_(*who, key=key), **fields)

    def document(self, who: tuple[str, str, str], kind: str, **record: str) -> str:
        """Upload a small PDF as the gateway does: allot, store, record."""
        allotted = self.call(who, "contracts", "allot_document", kind=kind, filename=f"{kind}.pdf",
                             content_type="application/pdf", **record)
        self.documents.put(self.tenant_id, allotted["storage_key"], PDF, "application/pdf")
        self.call(who, "contracts", "record_document", document_id=allotted["id"], size=len(PDF),
                  sha256=hashlib.sha256(PDF).hexdigest())
        return str(allotted["id"])


def _at(day_offset: int, hour: int, minute: int = 0) -> datetime:
    """``day_offset`` days from today at a local wall-clock time, as an instant."""
    zone = ZoneInfo(DEFAULT_TIMEZONE)
    today = datetime.now(zone).date()
    return datetime.combine(today + timedelta(days=day_offset), time(hour, minute), tzinfo=zone).astimezone(UTC)


def _day(day_offset: int) -> str:
    """The store-local date ``day_offset`` days from today (yesterday at the latest, as the story's clock)."""
    return (datetime.now(ZoneInfo(DEFAULT_TIMEZONE)).date() + timedelta(days=min(day_offset, -1))).isoformat()


def _file_form(s: Seeder, store: str, project: str, type_id: str, customer: str, **data: Any) -> None:
    """File a construction form as its first filing role, signed by every role it names."""
    form = FORMS.get(type_id)
    code = store.lower()
    filer = (f"{form.filed_by[0]}-{code}", form.filed_by[0], store)
    signatures = [{"role": role, "name": customer if role == "customer" else f"{role}-{code}",
                   "image": SIGNATURE_IMAGE} for role in form.signers]
    s.call(filer, "construction", "sign_form", project_id=project, type=type_id, data=data,
           signatures=signatures, supersedes=None)


def _stage(rnd: random.Random) -> str:
    names, weights = zip(*STAGES, strict=True)
    return rnd.choices(names, weights=weights)[0]


def seed_activity(rpc: RpcClient, documents: DocumentStore, tenant_id: str = "demo",
                  stores: tuple[str, ...] = ("A", "B"), *, leads_per_store: int = LEADS_PER_STORE) -> int:
    """Seed the story of each store; returns the number of leads registered."""
    seeder = Seeder(rpc, documents, tenant_id, random.Random(SEED))
    count = 0
    for store in stores:
        for n in range(leads_per_store):
            # Spread over the months, the newest a day ago; later leads have had less time to get far.
            start = -DAYS_BACK + round(n * (DAYS_BACK - 2) / leads_per_store)
            _one_customer(seeder, store, start, _stage(seeder.rnd) if start < -10 else "new")
            count += 1
    return count


def _one_customer(s: Seeder, store: str, day: int, stage: str) -> None:
    rnd, code = s.rnd, store.lower()
    designer = (f"designer-{code}", "designer", store)
    manager = (f"studio_manager-{code}", "studio_manager", store)
    name = rnd.choice(SURNAMES) + rnd.choice(GIVEN)
    area = rnd.randrange(70, 160)

    def at(offset: int, hour: int) -> Any:
        return moved_to(_at(min(day + offset, -1), hour, rnd.randrange(0, 60)))

    with at(0, rnd.randrange(9, 18)):
        via_marketing = rnd.random() < 0.25  # a call taken by another department (S03)
        registrar = (f"qc-{code}", "qc", store) if via_marketing else designer
        lead = s.call(registrar, "sales", "register_lead", customer_name=name,
                      phone=f"1{rnd.randrange(3, 9)}{rnd.randrange(10**8, 10**9)}",
                      address=f"{rnd.choice(ESTATES)} {rnd.randrange(1, 30)}-{rnd.randrange(101, 2801)}",
                      store=store, source=rnd.choice(("tv", "newspaper", "web", "referral", "walk_by")),
                      channel=rnd.choice(("market", "residential_community", "business_dept")),
                      consultation_channel=rnd.choice(("walk_in", "designer_visit", "phone")))
        if via_marketing and (stage != "new" or rnd.random() < 0.5):
            s.call((f"marketing-{code}", "marketing", store), "sales", "assign_lead", lead_id=lead["id"],
                   designer=designer[0])
    if stage == "new" or via_marketing and lead["designer"] == "" and stage == "new":
        return
    with at(1, 10):
        deposit = rnd.random() < 0.4
        if deposit:
            s.call((f"finance-{code}", "finance", store), "sales", "record_deposit", lead_id=lead["id"],
                   amount="2000.00")
        visit = _at(min(day + 4, 6), 10)
        request = s.call(designer, "sales", "request_measurement", lead_id=lead["id"],
                         requested_for=visit.isoformat())
    if stage == "measurement_requested":
        return
    with at(2, 9):
        if request["status"] == "awaiting_approval":
            s.call(manager, "sales", "approve_measurement_request", request_id=request["id"])
    with at(4, 15):
        rooms = [{"name": room, "length_m": f"{rnd.uniform(2.5, 6):.2f}", "width_m": f"{rnd.uniform(2.5, 5):.2f}",
                  "height_m": "2.80"} for room in ("客厅", "主卧", "次卧", "厨房", "卫生间")]
        s.call(designer, "sales", "record_measurement", lead_id=lead["id"], rooms=rooms,
               walls=[{"name": "客厅与主卧隔墙", "structure": "partition"},
                      {"name": "外墙", "structure": rnd.choice(("load_bearing", "insulation"))}])
    if stage == "measured":
        return
    budget = [{"name": "基础装修", "amount": f"{area * rnd.randrange(500, 900)}.00"},
              {"name": "主材", "amount": f"{area * rnd.randrange(300, 700)}.00"}]
    with at(7, 14):
        plan = s.document(designer, "floor_plan", lead_id=lead["id"])
        design = s.call(designer, "sales", "draft_design", lead_id=lead["id"], floor_plan_document_id=plan,
                        budget_items=budget)
    if stage == "designing":
        return
    with at(10, 16):
        s.call(designer, "sales", "confirm_design", design_id=design["id"], customer_signature={**SIGNATURE,
                                                                                               "name": name})
    if stage == "design_confirmed":
        return
    _contract(s, store, day, lead, name, area, designer, manager, at)


def _contract(s: Seeder, store: str, day: int, lead: dict[str, Any], name: str, area: int,
              designer: tuple[str, str, str], manager: tuple[str, str, str], at: Callable[[int, int], Any]) -> None:
    rnd, code = s.rnd, store.lower()
    finance = (f"finance-{code}", "finance", store)
    with at(12, 10):
        items = [{"catalogue_code": "TILE-01", "quantity": str(area // 3)},
                 {"catalogue_code": "TILE-02", "quantity": str(area // 2)},
                 {"catalogue_code": "PAINT-01", "quantity": str(area * 3)},
                 {"catalogue_code": "FLOOR-01", "quantity": str(area // 2)},
                 {"catalogue_code": "CARP-02", "quantity": str(area // 4)},
                 {"catalogue_code": "ELEC-01", "quantity": str(area * 2)},
                 {"catalogue_code": "PLMB-01", "quantity": "40"}, {"catalogue_code": "INST-01", "quantity": "1"}]
        special = [{"name": "定制衣柜", "unit": "项", "unit_price": f"{rnd.randrange(8, 30)}000.00", "quantity": "1"}] \
            if rnd.random() < 0.3 else []
        quote = s.call(designer, "contracts", "create_quote", lead_id=lead["id"], items=items, special_items=special)
        s.call(designer, "contracts", "issue_quote", quote_id=quote["id"])
        for line in quote["items"]:
            if line["approval"] == "pending":  # C02: the studio manager agrees the special item
                s.call(manager, "contracts", "approve_special_item", quote_id=quote["id"], line=line["line"])
        contract = s.call(designer, "contracts", "create_contract", lead_id=lead["id"], quote_id=quote["id"])
        document = s.document(designer, "contract_attachment", contract_id=contract["id"])
        for kind in ATTACHMENTS:
            s.call(designer, "contracts", "add_attachment", contract_id=contract["id"], kind=kind,
                   document_id=document)
    if rnd.random() < 0.1:  # the customer decided against it
        with at(13, 11):
            s.call(designer, "contracts", "cancel_contract", contract_id=contract["id"], reason="客户选择了其他公司")
        return
    with at(13, rnd.randrange(10, 20)):
        signed = s.call(designer, "contracts", "sign_contract", contract_id=contract["id"],
                        customer_signature={**SIGNATURE, "name": name}, cost_notice_acknowledged=True)
    with at(14, 11):
        plan = s.call(finance, "finance", "get_payment_plan", contract_id=signed["id"])
        first = next(i for i in plan["installments"] if i["kind"] == "first")
        if rnd.random() < 0.85:
            by_cashier = rnd.random() < 0.4  # F01: in transit until finance confirms
            taker = (f"cashier-{code}", "cashier", store) if by_cashier else finance
            payment = s.call(taker, "finance", "record_payment", contract_id=signed["id"], kind="first",
                             amount=first["amount"], method=rnd.choice(("bank_transfer", "wechat", "alipay")),
                             key=f"demo-{signed['id']}-first")
            if by_cashier and rnd.random() < 0.7:
                with at(15, 10):
                    s.call(finance, "finance", "confirm_payment", payment_id=payment["id"])
    projects = s.call(designer, "construction", "list_projects", contract_id=signed["id"])
    if not projects["items"]:
        return
    project = projects["items"][0]["id"]
    foreman = (f"foreman-{code}", "foreman", store)
    # K02/K03/K06/K05: handover one, the site handover a day later, the site condition record and
    # the first materials accepted, before any step; a project signed too recently waits for them.
    if day + 15 > -1:
        return
    with at(14, 16):
        _file_form(s, store, project, "design_handover", name, handover_on=_day(day + 14),
                   design_points="全屋水电走向、客厅吊顶、主卧衣柜", drawings_handed_over=True)
    with at(15, 10):
        _file_form(s, store, project, "site_handover", name, handover_on=_day(day + 15),
                   explained="水电走向、拆改范围、成品保护", accepted=True)
    with at(15, 11):
        _file_form(s, store, project, "site_condition", name, checked_on=_day(day + 15), walls="原墙面完好",
                   floors="毛坯地面", doors_windows="入户门完好", plumbing="暖气片完好", electrical="强弱电箱完好",
                   water_meter=str(rnd.randrange(10, 900)), electricity_meter=str(rnd.randrange(100, 9000)),
                   property_permit_obtained=True)
    with at(15, 14):
        _file_form(s, store, project, "material_inspection", name, delivered_on=_day(day + 15), items=[
            {"name": "水泥", "brand": "海螺", "spec": "P.O 42.5", "quantity": "20", "unit": "袋", "accepted": True},
            {"name": "电线", "brand": "熊猫", "spec": "BV 2.5", "quantity": "8", "unit": "卷", "accepted": True}])
    days_since = -(day + 14)
    done = min(len(STEPS), max(0, days_since // 8))
    for i, step in enumerate(STEPS[:done + 1]):
        if step == "kitchen_bath_tiles":  # K11: hidden works accepted before they are tiled over
            with at(16 + i * 8, 8):
                _file_form(s, store, project, "hidden_works_acceptance", name, systems=["plumbing", "electrical"],
                           accepted_on=_day(day + 16 + i * 8), pressure_test_passed=True,
                           electrical_tests_passed=True, passed=True)
        with at(16 + i * 8, 9):
            s.call(foreman, "construction", "start_step", project_id=project, step=step, percent=None)
        if i < done:
            if step == "waterproofing":  # K12: a closure test of at least 24 h before it completes
                ended = _at(min(day + 16 + i * 8 + 6, -1), 9)
                with at(16 + i * 8 + 6, 16):
                    _file_form(s, store, project, "water_closure_test", name, area="卫生间",
                               started_at=(ended - timedelta(hours=48)).isoformat(), ended_at=ended.isoformat(),
                               upturn_mm="300", leaks=False, passed=True)
            with at(16 + i * 8 + 6, 17):
                s.call(foreman, "construction", "complete_step", project_id=project, step=step, percent=None)
    if rnd.random() < 0.35:
        aftercare = (f"aftercare-{code}", "aftercare", store)
        with at(20, rnd.randrange(9, 23)):
            complaint = s.call(aftercare, "aftercare", "record_complaint", contract_id=signed["id"],
                               text=rnd.choice(COMPLAINTS))
        if rnd.random() < 0.6:
            with at(21, 15):
                s.call(aftercare, "aftercare", "answer_complaint", complaint_id=complaint["id"],
                       text="已安排工长上门处理")
            with at(23, 15):
                s.call(aftercare, "aftercare", "resolve_complaint", complaint_id=complaint["id"],
                       resolution="已处理，客户满意")
