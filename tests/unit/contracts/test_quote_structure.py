"""C03 / Q09 in quotes: items that touch what may never change are refused, an insulation wall only
with the customer's permit document attached (the same vocabulary as change orders, in the kit)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.contracts.domain.quote import Quote
from services.contracts.domain.store import CatalogueItem, Lead
from shared.clock import utcnow
from shared.errors import RuleViolation
from shared.structure import FORBIDDEN, NEEDS_PERMIT, Structure

from .conftest import Studio, staff

DEMOLITION = CatalogueItem(code="DEMO-01", name="非承重墙拆除", unit="m²", unit_price=Decimal("60.00"),
                           trade="demolition")


def draft() -> Quote:
    return Quote.draft(id="q1", lead=Lead("lead-1", "A", "王先生"), created_by="designer", created_at=utcnow())


def test_Q09_every_prohibition_of_1_0_5_is_in_the_vocabulary() -> None:
    # 1.0.5's six prohibitions and 流程07's pipes: each refused, none by accident allowed.
    assert set(FORBIDDEN) == {Structure.LOAD_BEARING_WALL, Structure.SEISMIC_WALL, Structure.HEATING_PIPES,
                              Structure.GAS_PIPES, Structure.DOOR_WINDOW_OPENING, Structure.FLOOR_LOAD,
                              Structure.REAR_BALCONY_FLOOR, Structure.FLOOR_CEILING_SLAB,
                              Structure.BALCONY_WINDOW_WALL}
    assert set(NEEDS_PERMIT) == {Structure.INSULATION_WALL}
    assert set(Structure) == set(FORBIDDEN) | set(NEEDS_PERMIT) | {Structure.NONE}


@pytest.mark.parametrize("structure", sorted(FORBIDDEN))
def test_C03_Q09_a_catalogue_item_touching_the_structure_is_refused_naming_its_field(structure: Structure) -> None:
    quote = draft()
    with pytest.raises(RuleViolation) as err:
        quote.add_item("DEMO-01", DEMOLITION, Decimal("3"), field="items.2.catalogue_code", structure=structure,
                       permit_document_id="doc-1")  # a permit never makes these allowed
    assert (err.value.status, err.value.rule, err.value.field) == (422, "C03", "items.2.structure")
    assert FORBIDDEN[structure] in err.value.detail
    assert quote.lines == [] and quote.total == 0


@pytest.mark.parametrize("structure", sorted(FORBIDDEN))
def test_C03_Q09_a_special_item_touching_the_structure_is_refused(structure: Structure) -> None:
    with pytest.raises(RuleViolation) as err:
        draft().add_special(name="客厅开门洞", unit="处", unit_price=Decimal("800"), quantity=Decimal("1"),
                            field="special_items.0", structure=structure)
    assert (err.value.rule, err.value.field) == ("C03", "special_items.0.structure")


def test_C03_an_insulation_wall_needs_the_permit_document() -> None:
    quote = draft()
    with pytest.raises(RuleViolation) as err:
        quote.add_special(name="拆改保温墙", unit="m²", unit_price=Decimal("90"), quantity=Decimal("4"),
                          field="special_items.1", structure=Structure.INSULATION_WALL)
    assert (err.value.rule, err.value.field) == ("C03", "special_items.1.permit_document_id")
    quote.add_special(name="拆改保温墙", unit="m²", unit_price=Decimal("90"), quantity=Decimal("4"),
                      field="special_items.1", structure=Structure.INSULATION_WALL, permit_document_id="doc-permit")
    assert (quote.lines[0].structure, quote.lines[0].permit_document_id) == ("insulation_wall", "doc-permit")


def test_C03_quotes_through_the_service_refuse_structure_and_keep_nothing(studio: Studio) -> None:
    designer = staff("designer")
    studio.call("seed_catalogue", staff("tenant_admin"))
    lead = studio.lead()
    with pytest.raises(RuleViolation) as err:
        studio.call("create_quote", designer, lead_id=lead, items=[
            {"catalogue_code": "PAINT-01", "quantity": "10"},
            {"catalogue_code": "DEMO-01", "quantity": "2", "structure": "load_bearing_wall"}])
    assert (err.value.rule, err.value.field) == ("C03", "items.1.structure")
    assert studio.call("list_quotes", designer)["items"] == []


def test_C03_an_insulation_wall_quote_needs_a_stored_permit_of_the_leads_store(studio: Studio) -> None:
    designer = staff("designer")
    studio.call("register_store", staff("tenant_admin"), store="A")
    studio.call("register_store", staff("tenant_admin"), store="B")
    studio.call("seed_catalogue", staff("tenant_admin"))
    lead = studio.lead()
    wall = {"name": "拆改保温墙", "unit": "m²", "unit_price": "90.00", "quantity": "4",
            "structure": "insulation_wall"}
    items = [{"catalogue_code": "PAINT-01", "quantity": "10"}]
    with pytest.raises(RuleViolation) as err:
        studio.call("create_quote", designer, lead_id=lead, items=items, special_items=[wall])
    assert (err.value.rule, err.value.field) == ("C03", "special_items.0.permit_document_id")
    # an id that names nothing, or another store's document, proves nothing
    other = studio.upload(staff("designer", "B"), kind="permit", store="B")
    for bogus in ("no-such-document", other["id"]):
        with pytest.raises(RuleViolation) as err:
            studio.call("create_quote", designer, lead_id=lead, items=items,
                        special_items=[{**wall, "permit_document_id": bogus}])
        assert (err.value.rule, err.value.field) == ("C03", "special_items.0.permit_document_id")
    permit = studio.upload(designer, kind="permit", lead_id=lead)
    quote = studio.call("create_quote", designer, lead_id=lead, items=items,
                        special_items=[{**wall, "permit_document_id": permit["id"]}])
    line = quote["items"][-1]
    assert (line["structure"], line["permit_document_id"]) == ("insulation_wall", permit["id"])
    assert quote["items"][0]["structure"] == "none"


@pytest.mark.parametrize("name", ["设计费", "全案设计服务费", "Design fee"])
def test_C08_design_is_free_a_quote_never_charges_for_it(name: str) -> None:
    quote = draft()
    with pytest.raises(RuleViolation) as err:
        quote.add_special(name=name, unit="m²", unit_price=Decimal("50"), quantity=Decimal("90"),
                          field="special_items.0")
    assert (err.value.rule, err.value.field) == ("C08", "special_items.0.name")
    fee = CatalogueItem(code="DES-01", name="设计费", unit="m²", unit_price=Decimal("30.00"), trade="design")
    with pytest.raises(RuleViolation) as err:
        quote.add_item("DES-01", fee, Decimal("90"), field="items.0.catalogue_code")
    assert (err.value.rule, err.value.field) == ("C08", "items.0.catalogue_code")
    # saying on the quote that design is free is no charge
    quote.add_special(name="设计费(免收)", unit="项", unit_price=Decimal("0"), quantity=Decimal("1"),
                      field="special_items.0")
    quote.add_special(name="定制玄关柜", unit="项", unit_price=Decimal("3800"), quantity=Decimal("1"),
                      field="special_items.1")
    assert quote.total == Decimal("3800.00")
