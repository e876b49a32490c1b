"""What an item of work touches of the building's structure (C03, Q09; 验收标准 1.0.5).

One vocabulary for every service whose items may touch it: the quote lines of contracts and the
change-order items of construction declare a :class:`Structure`, and :func:`check_structure` is
the one judgement of them. Most items touch nothing; the ones 1.0.5 and 流程07 forbid are refused
whatever is attached; an insulation wall only with the authorities' permit the customer obtained.
"""

from __future__ import annotations

from enum import StrEnum

from shared.errors import RuleViolation


class Structure(StrEnum):
    """What an item touches; the values are stored with quotes and signed forms, so they never change."""

    NONE = "none"
    #: 保温墙: changed only with the permit the customer obtained from the authorities (C03).
    INSULATION_WALL = "insulation_wall"
    LOAD_BEARING_WALL = "load_bearing_wall"
    SEISMIC_WALL = "seismic_wall"
    HEATING_PIPES = "heating_pipes"
    GAS_PIPES = "gas_pipes"
    #: 扩大原有门窗洞口.
    DOOR_WINDOW_OPENING = "door_window_opening"
    #: 增加楼面荷载.
    FLOOR_LOAD = "floor_load"
    #: 填充、加高后阳台地面.
    REAR_BALCONY_FLOOR = "rear_balcony_floor"
    #: 凿剔楼板、顶板.
    FLOOR_CEILING_SLAB = "floor_ceiling_slab"
    #: 挑阳台上的窗下墙.
    BALCONY_WINDOW_WALL = "balcony_window_wall"


#: C03 / Q09: never altered, whatever is attached; the reason is the source's own words.
FORBIDDEN: dict[Structure, str] = {
    Structure.LOAD_BEARING_WALL: "不得在承重墙、抗震墙上开洞 (1.0.5)",
    Structure.SEISMIC_WALL: "不得在承重墙、抗震墙上开洞 (1.0.5)",
    Structure.HEATING_PIPES: "暖气管路及设施不能改动",
    Structure.GAS_PIPES: "煤气管路及设施不能改动",
    Structure.DOOR_WINDOW_OPENING: "不得任意扩大原有门窗洞口 (1.0.5)",
    Structure.FLOOR_LOAD: "不得任意增加楼面荷载 (1.0.5)",
    Structure.REAR_BALCONY_FLOOR: "不得任意填充、加后阳台地面 (1.0.5)",
    Structure.FLOOR_CEILING_SLAB: "不得任意凿剔楼、顶板 (1.0.5)",
    Structure.BALCONY_WINDOW_WALL: "不得拆除挑阳台上的窗下墙 (1.0.5)",
}

#: C03: allowed only with the permit document attached.
NEEDS_PERMIT: dict[Structure, str] = {
    Structure.INSULATION_WALL: "保温墙不能拆、改(客户已在有关部门办理好手续除外)",
}


def check_structure(structure: Structure, *, permit_document_id: str | None, item: str, field: str,
                    permit_field: str) -> None:
    """C03 / Q09: refuse an item that touches what may never change, or an insulation wall without
    its permit; the error names ``field`` (the structure) or ``permit_field`` (the missing permit)."""
    if structure in FORBIDDEN:
        raise RuleViolation(f"{item}: {FORBIDDEN[structure]}", rule="C03", field=field)
    if structure in NEEDS_PERMIT and not permit_document_id:
        raise RuleViolation(f"{item}: {NEEDS_PERMIT[structure]}; attach the permit document", rule="C03",
                            field=permit_field)
