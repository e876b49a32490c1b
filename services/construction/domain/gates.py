"""The gates of the construction sequence: what a signed form opens, and what each gate holds back.

A gate is open once a current (not superseded) form of its type is signed and its data says it
passed (an accepted handover, an accepted material, a passed test or acceptance). Each gate names
the rule that refuses whatever comes too early.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.construction.domain import forms as f


@dataclass(frozen=True)
class Gate:
    name: str
    title: str
    rule: str
    opened_by: str
    holds: str


GATES: tuple[Gate, ...] = (
    Gate("site_handover", "设计一次交底后方可设计现场交底", "K03", "design_handover", "filing site_handover"),
    Gate("site_condition", "现场交底、工程受理后方可交接现场状况", "K06", "site_handover", "filing site_condition"),
    Gate("construction_start", "施工前现场状况交接单签字后方可开工", "K06", "site_condition", "starting any step"),
    Gate("materials_accepted", "进场材料经客户验收认可后方可使用", "K05", "material_inspection", "starting any step"),
    Gate("hidden_works_closed", "隐蔽工程验收合格后方可封面", "K11", "hidden_works_acceptance",
         "starting kitchen_bath_tiles (closing up)"),
    Gate("waterproofing_passed", "闭水试验合格后防水工程方可完成", "K12", "water_closure_test",
         "completing waterproofing"),
    Gate("accepted", "竣工验收合格", "K16", "completion_acceptance", "customer_evaluation and the keys (K17)"),
)
BY_NAME: dict[str, Gate] = {g.name: g for g in GATES}

#: K11 / Q12: the step that closes up hidden works (tiles over pipes and wires); later steps follow it.
CLOSING_UP_STEP = "kitchen_bath_tiles"
WATERPROOFING_STEP = "waterproofing"


def opens(data: f.FormData) -> bool:
    """Whether a signed form with this data opens its gate: only what passed opens anything."""
    checks: dict[type, Any] = {
        f.SiteHandover: lambda d: d.accepted,
        f.MaterialInspection: lambda d: any(item.accepted for item in d.items),
        f.HiddenWorksAcceptance: lambda d: d.passed and d.pressure_test_passed and d.electrical_tests_passed,
        f.WaterClosureTest: lambda d: d.passed,
        f.CompletionAcceptance: lambda d: d.passed and d.self_inspected,
    }
    check = checks.get(type(data))
    return True if check is None else bool(check(data))
