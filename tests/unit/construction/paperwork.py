"""Valid data for every construction form, and API bodies with every signer's signature."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from services.construction.domain.forms import FORMS
from tests.unit.forms.signing import signature

NAMES = {"customer": "王芳", "designer": "张设计", "qc": "赵质检", "foreman": "李建国", "materials": "钱材料",
         "engineering_stats": "孙统计", "engineering_manager": "周经理"}


def _closure(hours: float) -> dict[str, Any]:
    end = datetime.now(UTC) - timedelta(hours=1)
    return {"area": "卫生间", "started_at": (end - timedelta(hours=hours)).isoformat(), "ended_at": end.isoformat(),
            "upturn_mm": "300", "leaks": False, "passed": True}


def data(type_id: str, **overrides: Any) -> dict[str, Any]:
    """Data that passes every rule of ``type_id``; ``overrides`` replace fields."""
    settlement_item = {"name": "增加吊顶", "change": "add", "quantity": "6.5", "unit": "m²", "amount": "1300.00"}
    valid: dict[str, dict[str, Any]] = {
        "contract_review": {"contract_terms_ok": True, "attachments_complete": True, "quote_ok": True,
                            "drawings_ok": True, "remarks": "合同及附件齐全"},
        "design_handover": {"handover_on": "2026-11-23", "design_points": "客厅吊顶、主卧衣柜",
                            "drawings_handed_over": True},
        "work_commitment": {"crew": "李建国施工队", "planned_start_on": "2026-11-25",
                            "planned_completion_on": "2027-02-25"},
        "commissioned_items": {"items": [{"category": "主材", "name": "地板", "provider": "company",
                                          "quantity": "45"}]},
        "site_handover": {"handover_on": "2026-11-24", "explained": "水电走向、拆改范围", "accepted": True},
        "material_inspection": {"delivered_on": "2026-11-26", "items": [
            {"name": "水泥", "brand": "海螺", "spec": "P.O 42.5", "quantity": "20", "unit": "袋", "accepted": True}]},
        "site_condition": {"checked_on": "2026-11-25", "walls": "原墙面完好", "floors": "毛坯地面",
                           "doors_windows": "入户门完好",
                           "plumbing": "暖气片完好", "electrical": "强弱电箱完好", "water_meter": "123.4",
                           "electricity_meter": "5678", "property_permit_obtained": True},
        "customer_authorization": {"item": "阳台封窗", "property_rule": "小区禁止改变外立面",
                                   "customer_bears_consequences": True},
        "change_order": {"reason": "客户要求", "items": [
            {"name": "取消书房吊顶", "change": "remove", "quantity": "8", "unit": "m²", "amount": "1600.00"}]},
        "staged_acceptance": {"stage": "木工基层", "accepted_on": "2026-12-10", "items": "衣柜底衬", "passed": True},
        "delay": {"reason": "客户更换主材", "days": 7, "new_completion_on": "2027-03-04"},
        "demolition_confirmation": {"items": [{"name": "拆除厨房隔墙", "reason": "客户要求开放式厨房",
                                               "cost": "800.00"}],
                                    "customer_requested": True},
        "hidden_works_acceptance": {"systems": ["plumbing", "electrical"], "accepted_on": "2026-12-05",
                                    "pressure_test_passed": True, "electrical_tests_passed": True, "passed": True},
        "water_closure_test": _closure(26),
        "midterm_settlement": {"items": [settlement_item], "amount": "30000.00"},
        "completion_settlement": {"items": [settlement_item], "total": "101300.00", "amount": "20300.00"},
        "cleaning_notice": {"cleaning_on": "2027-02-20", "scope": "全屋开荒保洁"},
        "completion_acceptance": {"inspected_on": "2027-02-22", "self_inspected": True, "passed": True},
        "customer_evaluation": {"design": "satisfied", "construction": "satisfied", "service": "mostly_satisfied"},
        "video_log": {"acceptance": "waterproofing_hidden_works", "recorded_on": "2026-12-05", "recorder": "赵质检",
                      "video_document_id": "00000000-0000-0000-0000-000000000001"},
    }
    return {**valid[type_id], **overrides}


def closure(hours: float, **overrides: Any) -> dict[str, Any]:
    """A water closure test that lasted ``hours``."""
    return {**_closure(hours), **overrides}


def body(type_id: str, *, without: str | None = None, **overrides: Any) -> dict[str, Any]:
    """The POST /forms body: the data and a signature of every signer role (but ``without``)."""
    return {"type": type_id, "data": data(type_id, **overrides),
            "signatures": [signature(role, NAMES[role]) for role in FORMS.get(type_id).signers if role != without]}


def filer(type_id: str) -> str:
    """The first role that files ``type_id``."""
    return FORMS.get(type_id).filed_by[0]


#: The forms that let work start: handovers (K02, K03), site condition (K06) and materials (K05).
BEFORE_WORK = ("design_handover", "site_handover", "site_condition", "material_inspection")
