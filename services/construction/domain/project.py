"""A project in progress (《在施工程一览表》) and its documents list (《工程资料明细单》), rule K01."""

from __future__ import annotations

#: The forms every project needs, in the order the service process produces them (K01, F06),
#: keyed by the form ``type`` of api.md.
REQUIRED_FORMS: dict[str, str] = {
    "contract_review": "合同审核表",
    "design_handover": "设计一次交底单",
    "work_commitment": "单项工程施工承诺书",
    "commissioned_items": "委托项目记录单",
    "site_handover": "设计现场交底单及工程受理单",
    "material_inspection": "进场材料检验单",
    "site_condition": "施工前现场状况交接单",
    "hidden_works_acceptance": "隐蔽工程验收记录单",
    "water_closure_test": "防水工程闭水试验记录单",
    "midterm_settlement": "中期预决算单",
    "completion_settlement": "竣工结算单",
    "completion_acceptance": "竣工验收单",
    "customer_evaluation": "客户评价表",
}
