"""The construction forms of K02–K17 as form types: their 《…》 titles, fields, filers, signers, gates.

Fields follow the seed's wording of each form (流程10–26); labels are the ``title`` of each field,
printed on the PDF. The rules a form's data must meet on its own (K09's cap needs the project and
lives on the aggregate) are validators here, raising the rule's error with the field at fault.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from shared.errors import RuleViolation
from shared.forms.types import FormData, FormRegistry, FormType
from shared.money import Money, MoneyOrZero
from shared.structure import Structure, check_structure
from shared.validation import date_time, exact_decimal

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _day(value: object) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise PydanticCustomError("value_error", 'give a date such as "2026-12-01"', {"rule": "P05"})
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("value_error", "not a date on the calendar", {"rule": "P05"}) from None
    if not 2000 <= day.year <= 2100:
        raise PydanticCustomError("value_error", "a date between 2000 and 2100", {"rule": "P05"})
    return day


#: A calendar day, ISO 8601 (``2026-12-01``) only.
Day = Annotated[date, BeforeValidator(_day), WithJsonSchema({"type": "string", "format": "date"})]
if TYPE_CHECKING:  # the validators' types, as mypy should see the fields
    SiteTime = datetime
    Quantity = Decimal
    Millimetres = Decimal
else:
    #: A moment on site: within the last year and not more than a day ahead.
    SiteTime = date_time(not_before=-timedelta(days=366), not_after=timedelta(days=1))
    Quantity = exact_decimal(int_digits=7, places=3, le=1_000_000)
    Millimetres = exact_decimal(int_digits=5, places=1)
Text = Annotated[str, Field(max_length=500)]
Name = Annotated[str, Field(min_length=1, max_length=100)]
DocumentId = Annotated[str, Field(min_length=1, max_length=36)]


class Change(StrEnum):
    ADD = "add"
    REMOVE = "remove"


class ContractReview(FormData):
    """《合同审核表》 (K02): designer, QC and foreman review the contract and its attachments."""

    contract_terms_ok: bool = Field(title="合同条款审核")
    attachments_complete: bool = Field(title="合同附件齐全(合同说明、约定条款、甲乙方供材表、客户须知、客户服务表)")
    quote_ok: bool = Field(title="报价单审核")
    drawings_ok: bool = Field(title="图纸审核(平面图、顶面图、立面图、施工节点图)")
    remarks: Text = Field(default="", title="审核意见")


class DesignHandover(FormData):
    """《设计一次交底单》 (K02)."""

    handover_on: Day = Field(title="交底日期")
    design_points: Text = Field(min_length=1, title="设计要点")
    construction_notes: Text = Field(default="", title="施工注意事项")
    drawings_handed_over: bool = Field(title="施工图纸已交工长")


class WorkCommitment(FormData):
    """《单项工程施工承诺书》 (K02): the foreman's commitment."""

    crew: Name = Field(title="施工队")
    planned_start_on: Day = Field(title="计划开工日期")
    planned_completion_on: Day = Field(title="计划竣工日期")
    commitment: Text = Field(default="按图施工，执行公司施工工艺及《家庭居室装饰工程质量验收标准》，按期完工。",
                             title="承诺内容")

    @model_validator(mode="after")
    def _in_order(self) -> WorkCommitment:
        if self.planned_completion_on < self.planned_start_on:
            raise PydanticCustomError("value_error", "completion comes after the start", {"rule": "P05"})
        return self


class Provider(StrEnum):
    COMPANY = "company"
    EXTERNAL = "external"
    CUSTOMER = "customer"


class CommissionedItem(FormData):
    category: Annotated[str, Field(min_length=1, max_length=32)] = Field(
        title="类别(外加工、主材、家具、电器、辅料、后期配饰、甲供材、乙供材)")
    name: Name = Field(title="项目")
    provider: Provider = Field(title="服务方(本单位 company / 外单位 external / 客户自理 customer)")
    quantity: Quantity = Field(title="数量")
    remarks: Text = Field(default="", title="备注")


class CommissionedItems(FormData):
    """《委托项目记录单》 (K02): what the customer commissions through the company, signed by the customer."""

    items: list[CommissionedItem] = Field(min_length=1, max_length=100, title="委托项目")


class SiteHandover(FormData):
    """《设计现场交底单及工程受理单》 (K03): the day after handover one, on site."""

    handover_on: Day = Field(title="现场交底日期")
    explained: Text = Field(min_length=1, title="现场交底内容")
    accepted: bool = Field(title="工程受理")


class InspectedMaterial(FormData):
    name: Name = Field(title="材料名称")
    brand: Annotated[str, Field(max_length=100)] = Field(default="", title="品牌")
    spec: Annotated[str, Field(max_length=100)] = Field(default="", title="规格型号")
    quantity: Quantity = Field(title="数量")
    unit: Annotated[str, Field(min_length=1, max_length=16)] = Field(title="单位")
    accepted: bool = Field(title="验收合格")


class MaterialInspection(FormData):
    """《进场材料检验单》 (K05): materials are used only once the customer accepted them."""

    delivered_on: Day = Field(title="进场日期")
    items: list[InspectedMaterial] = Field(min_length=1, max_length=100, title="进场材料")


class SiteCondition(FormData):
    """《施工前现场状况交接单》 (K06): the site as it is before work starts."""

    checked_on: Day = Field(title="检查日期")
    walls: Text = Field(min_length=1, title="墙面、顶面现状")
    floors: Text = Field(min_length=1, title="地面现状")
    doors_windows: Text = Field(min_length=1, title="门窗现状")
    plumbing: Text = Field(min_length=1, title="水路、暖气现状")
    electrical: Text = Field(min_length=1, title="电路现状")
    existing_damage: Text = Field(default="", title="原有损坏")
    water_meter: Quantity = Field(title="水表读数")
    electricity_meter: Quantity = Field(title="电表读数")
    property_permit_obtained: bool = Field(title="已办理物业开工手续")


class CustomerAuthorization(FormData):
    """《客户授权施工委托书》 (K06): an item against the property rules, at the customer's insistence."""

    item: Text = Field(min_length=1, title="施工项目")
    property_rule: Text = Field(min_length=1, title="违反的物业管理规定")
    customer_bears_consequences: bool = Field(title="客户执意施工并承担相应责任")

    @model_validator(mode="after")
    def _customer_insists(self) -> CustomerAuthorization:
        if not self.customer_bears_consequences:
            raise PydanticCustomError("value_error", "the customer authorizes only by bearing the consequences",
                                      {"rule": "K06"})
        return self


class ChangeItem(FormData):
    name: Name = Field(title="项目")
    change: Change = Field(title="增减(add 增项 / remove 减项)")
    quantity: Quantity = Field(title="数量")
    unit: Annotated[str, Field(min_length=1, max_length=16)] = Field(title="单位")
    amount: Money = Field(title="金额(元)")
    structure: Structure = Field(default=Structure.NONE, title="涉及结构")
    permit_document_id: DocumentId | None = Field(default=None, title="有关部门手续(文件编号)")


def _check_structure(items: list[ChangeItem], field: str) -> None:
    """C03 / Q09: the kit's one judgement of what an item touches (the same as a quote's)."""
    for i, item in enumerate(items):
        check_structure(item.structure, permit_document_id=item.permit_document_id, item=item.name,
                        field=f"data.{field}.{i}.structure", permit_field=f"data.{field}.{i}.permit_document_id")


class ChangeOrder(FormData):
    """《工程变更单》 (K09, K10): items added or removed on the designer's site visit."""

    reason: Text = Field(min_length=1, title="变更原因")
    items: list[ChangeItem] = Field(min_length=1, max_length=100, title="变更项目")
    drawings_updated: bool = Field(default=False, title="已补充相应图纸")

    def removals(self) -> Decimal:
        """What this order takes off the contract (K09)."""
        return sum((i.amount for i in self.items if i.change == Change.REMOVE), Decimal("0"))

    def check_rules(self) -> None:
        _check_structure(self.items, "items")


class StagedAcceptance(FormData):
    """《分阶段验收记录单》 (K10)."""

    stage: Name = Field(title="验收阶段")
    accepted_on: Day = Field(title="验收日期")
    items: Text = Field(min_length=1, title="验收项目")
    passed: bool = Field(title="验收合格")
    remarks: Text = Field(default="", title="备注")


class Delay(FormData):
    """《工程延期单》 (K10)."""

    reason: Text = Field(min_length=1, title="延期原因")
    days: int = Field(ge=1, le=365, strict=True, title="延期天数")
    new_completion_on: Day = Field(title="延期后竣工日期")


class DemolitionItem(FormData):
    name: Name = Field(title="拆改项目")
    reason: Text = Field(min_length=1, title="拆改原因")
    cost: MoneyOrZero = Field(title="费用(元)")


class DemolitionConfirmation(FormData):
    """《拆改项目确认单》 (K10): demolition or rework the customer asks for, confirmed before work."""

    items: list[DemolitionItem] = Field(min_length=1, max_length=50, title="拆改项目")
    customer_requested: bool = Field(title="客户原因要求拆改")


class HiddenSystem(StrEnum):
    PLUMBING = "plumbing"
    ELECTRICAL = "electrical"
    VENTILATION = "ventilation"


class HiddenWorksAcceptance(FormData):
    """《隐蔽工程验收记录单》 (K11): plumbing, electrical, ventilation before they are closed up."""

    systems: list[HiddenSystem] = Field(min_length=1, max_length=3,
                                        title="隐蔽工程(水暖 plumbing、电器 electrical、通风 ventilation)")
    accepted_on: Day = Field(title="验收日期")
    pressure_test_passed: bool = Field(title="给水管道通水试压无渗漏 (2.0.3)")
    electrical_tests_passed: bool = Field(title="漏电开关、绝缘电阻、通电试验合格 (3.0.5)")
    passed: bool = Field(title="质检员、客户验收合格")
    remarks: Text = Field(default="", title="备注")


#: K12 / Q05: a closure test is a 24-hour ponding test, and waterproofing turns up ≥ 250 mm.
CLOSURE_HOURS = 24
UPTURN_MM = Decimal(250)


class WaterClosureTest(FormData):
    """《防水工程闭水试验记录单》 (K12)."""

    area: Name = Field(title="试验部位(厨房、卫生间)")
    started_at: SiteTime = Field(title="蓄水开始时间")
    ended_at: SiteTime = Field(title="蓄水结束时间")
    upturn_mm: Millimetres = Field(title="防水上翻高度(毫米)")
    leaks: bool = Field(title="有无渗漏")
    passed: bool = Field(title="试验合格")

    @property
    def hours(self) -> Decimal:
        return Decimal((self.ended_at - self.started_at).total_seconds()) / 3600

    def check_rules(self) -> None:
        """K12: under 24 h, or with a leak, the test cannot pass; Q05: an upturn under 250 mm neither."""
        if self.ended_at <= self.started_at:
            raise RuleViolation("the test ends after it starts", rule="K12", field="data.ended_at")
        if not self.passed:
            return
        if self.hours < CLOSURE_HOURS:
            raise RuleViolation(f"闭水试验以24小时期限为准: a test of {self.hours:.1f} h cannot pass", rule="K12",
                                field="data.ended_at")
        if self.leaks:
            raise RuleViolation("a test with leaks cannot pass", rule="K12", field="data.leaks")
        if self.upturn_mm < UPTURN_MM:
            raise RuleViolation(f"防水上翻高度不少于250毫米: {self.upturn_mm} mm cannot pass", rule="Q05",
                                field="data.upturn_mm")


class SettlementItem(FormData):
    name: Name = Field(title="项目")
    change: Change = Field(title="增减(add 增项 / remove 减项)")
    quantity: Quantity = Field(title="实际数量")
    unit: Annotated[str, Field(min_length=1, max_length=16)] = Field(title="单位")
    amount: Money = Field(title="金额(元)")


class MidtermSettlement(FormData):
    """《中期预决算单》 (K13, F02/F03): actual quantities of added and removed items, past half."""

    items: list[SettlementItem] = Field(default_factory=list, max_length=100, title="增减项实际数量")
    amount: Money = Field(title="中期款金额(元)")


class CompletionSettlement(FormData):
    """《竣工结算单》 (K15, F04/F06): prepared by QC with the foreman, signed by the customer."""

    items: list[SettlementItem] = Field(default_factory=list, max_length=100, title="增减项")
    total: Money = Field(title="工程结算总价(元)")
    amount: Money = Field(title="尾款金额(元)")


class CleaningNotice(FormData):
    """《保洁通知单》 (K16)."""

    cleaning_on: Day = Field(title="保洁日期")
    scope: Text = Field(min_length=1, title="保洁范围")


class CompletionAcceptance(FormData):
    """《竣工验收单》 (K16): after the foreman's self-inspection, QC and customer accept."""

    inspected_on: Day = Field(title="验收日期")
    self_inspected: bool = Field(title="工长已自验")
    passed: bool = Field(title="竣工验收合格")
    remarks: Text = Field(default="", title="备注")


class Rating(StrEnum):
    SATISFIED = "satisfied"
    MOSTLY_SATISFIED = "mostly_satisfied"
    DISSATISFIED = "dissatisfied"


class CustomerEvaluation(FormData):
    """《客户评价表》 (K16)."""

    design: Rating = Field(title="设计(满意 satisfied / 基本满意 mostly_satisfied / 不满意 dissatisfied)")
    construction: Rating = Field(title="施工质量")
    service: Rating = Field(title="服务")
    comments: Text = Field(default="", title="意见和建议")


class Acceptance(StrEnum):
    """K04: the acceptances that are video-recorded."""

    MATERIAL_ARRIVAL = "material_arrival"
    WATERPROOFING_HIDDEN_WORKS = "waterproofing_hidden_works"
    MIDTERM = "midterm"
    COMPLETION = "completion"


class VideoLog(FormData):
    """《摄像登记表》 (K04): the video of a key acceptance, stored as a document (kind ``video``)."""

    acceptance: Acceptance = Field(title="验收环节(材料进场 material_arrival、防水隐蔽 waterproofing_hidden_works、"
                                         "中期 midterm、竣工 completion)")
    recorded_on: Day = Field(title="摄像日期")
    recorder: Name = Field(title="摄像人")
    video_document_id: DocumentId = Field(title="录像文件编号")


def _form(type_id: str, title: str, data: type[FormData], filed_by: tuple[str, ...], signers: tuple[str, ...],
          opens: tuple[str, ...] = ()) -> FormType:
    return FormType(type_id, title, data, filed_by=filed_by, signers=signers, opens=opens)


FORMS = FormRegistry(
    _form("contract_review", "《合同审核表》", ContractReview, ("designer",), ("designer", "qc", "foreman")),
    _form("design_handover", "《设计一次交底单》", DesignHandover, ("designer",), ("designer", "qc", "foreman"),
          ("site_handover",)),
    _form("work_commitment", "《单项工程施工承诺书》", WorkCommitment, ("foreman",), ("foreman",)),
    _form("commissioned_items", "《委托项目记录单》", CommissionedItems, ("materials", "foreman"), ("customer",)),
    _form("site_handover", "《设计现场交底单及工程受理单》", SiteHandover, ("designer",),
          ("customer", "designer", "qc", "foreman"), ("site_condition",)),
    _form("material_inspection", "《进场材料检验单》", MaterialInspection, ("foreman",), ("foreman", "qc", "customer"),
          ("materials_accepted",)),
    _form("site_condition", "《施工前现场状况交接单》", SiteCondition, ("foreman",), ("customer", "foreman"),
          ("construction_start",)),
    _form("customer_authorization", "《客户授权施工委托书》", CustomerAuthorization, ("foreman", "designer"),
          ("customer",)),
    _form("change_order", "《工程变更单》", ChangeOrder, ("designer", "foreman"), ("customer", "foreman")),
    _form("staged_acceptance", "《分阶段验收记录单》", StagedAcceptance, ("foreman",), ("customer", "foreman")),
    _form("delay", "《工程延期单》", Delay, ("foreman",), ("customer", "foreman")),
    _form("demolition_confirmation", "《拆改项目确认单》", DemolitionConfirmation, ("foreman", "designer"),
          ("customer",)),
    _form("hidden_works_acceptance", "《隐蔽工程验收记录单》", HiddenWorksAcceptance, ("foreman",),
          ("customer", "foreman", "qc"), ("hidden_works_closed",)),
    _form("water_closure_test", "《防水工程闭水试验记录单》", WaterClosureTest, ("foreman",), ("customer", "foreman"),
          ("waterproofing_passed",)),
    _form("midterm_settlement", "《中期预决算单》", MidtermSettlement, ("qc", "foreman"),
          ("customer", "foreman", "qc")),
    _form("completion_settlement", "《竣工结算单》", CompletionSettlement, ("qc",), ("customer", "qc", "foreman")),
    _form("cleaning_notice", "《保洁通知单》", CleaningNotice, ("engineering_stats", "foreman"),
          ("engineering_stats",)),
    _form("completion_acceptance", "《竣工验收单》", CompletionAcceptance, ("qc", "foreman"),
          ("customer", "foreman", "qc"), ("accepted",)),
    _form("customer_evaluation", "《客户评价表》", CustomerEvaluation, ("foreman", "qc", "engineering_stats"),
          ("customer",)),
    _form("video_log", "《摄像登记表》", VideoLog, ("qc", "engineering_manager"), ("qc",)),
)

#: Forms a project may hold many of (one per delivery, change, stage, test …); each other type is
#: signed once, and changed only by a correction that supersedes it.
REPEATABLE = frozenset({"commissioned_items", "material_inspection", "customer_authorization", "change_order",
                        "staged_acceptance", "delay", "demolition_confirmation", "hidden_works_acceptance",
                        "water_closure_test", "video_log"})


def check_data_rules(data: FormData) -> None:
    """The rules a form's data must meet by itself (C03/Q09, K12/Q05); 422 naming the field."""
    check: Any = getattr(data, "check_rules", None)
    if check is not None:
        check()
