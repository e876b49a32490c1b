"""The starting price catalogue a new tenant gets (价目表); each tenant edits its own copy."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PriceItem:
    code: str
    name: str
    unit: str
    unit_price: Decimal
    trade: str


DEFAULT_CATALOGUE: tuple[PriceItem, ...] = (
    PriceItem("WIN-01", "铝合金塑钢窗安装", "m²", Decimal("420.00"), "windows"),
    PriceItem("CARP-01", "木作家具底衬(大芯板)", "m²", Decimal("185.00"), "carpentry"),
    PriceItem("CARP-02", "石膏板吊顶(轻钢龙骨)", "m²", Decimal("145.00"), "ceiling"),
    PriceItem("CARP-03", "门套制作安装", "樘", Decimal("680.00"), "carpentry"),
    PriceItem("WP-01", "聚氨酯防水涂料(卫生间)", "m²", Decimal("88.00"), "waterproofing"),
    PriceItem("WP-02", "闭水试验", "间", Decimal("0.00"), "waterproofing"),
    PriceItem("TILE-01", "墙砖铺贴(300×600)", "m²", Decimal("75.00"), "tiling"),
    PriceItem("TILE-02", "地砖铺贴(800×800)", "m²", Decimal("68.00"), "tiling"),
    PriceItem("PAINT-01", "墙面乳胶漆(两底三面)", "m²", Decimal("32.00"), "painting"),
    PriceItem("PAINT-02", "木器清漆", "m²", Decimal("58.00"), "painting"),
    PriceItem("ELEC-01", "强电线路改造(BV2.5)", "m", Decimal("38.00"), "electrical"),
    PriceItem("ELEC-02", "弱电线路敷设(独立穿管)", "m", Decimal("26.00"), "electrical"),
    PriceItem("PLMB-01", "PPR给水管改造", "m", Decimal("65.00"), "plumbing"),
    PriceItem("PLMB-02", "PVC排水管改造", "m", Decimal("55.00"), "plumbing"),
    PriceItem("FLOOR-01", "实木复合地板铺装", "m²", Decimal("45.00"), "flooring"),
    PriceItem("FLOOR-02", "踢脚线安装", "m", Decimal("18.00"), "flooring"),
    PriceItem("INST-01", "灯具洁具五金安装", "项", Decimal("1200.00"), "installation"),
    PriceItem("DEMO-01", "非承重墙拆除", "m²", Decimal("60.00"), "demolition"),
    PriceItem("CLEAN-01", "竣工保洁", "m²", Decimal("8.00"), "cleaning"),
)
