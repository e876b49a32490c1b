"""Leads (客户资源): where a customer came from, and who in the studio takes the lead (S01, S03)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from shared.errors import Conflict, Forbidden
from shared.identity.context import ROLES

#: S01 media sources (媒体导向); "referral" and the rest come from the reception desk.
SOURCES: dict[str, str] = {
    "tv": "电视", "newspaper": "报纸", "radio": "电台", "web": "网页",
    "referral": "转介绍", "walk_by": "路过", "other": "其他",
}
#: S01 business channels (业务来源).
CHANNELS: dict[str, str] = {
    "market": "市场", "residential_community": "小区",
    "business_dept": "业务部", "engineering_dept": "工程部",
}
#: S02 consultation channels (客户咨询).
CONSULTATION_CHANNELS: dict[str, str] = {
    "phone": "电话咨询", "walk_in": "客户上门咨询", "designer_visit": "设计师上门咨询",
}

Source = Literal["tv", "newspaper", "radio", "web", "referral", "walk_by", "other"]
Channel = Literal["market", "residential_community", "business_dept", "engineering_dept"]
ConsultationChannel = Literal["phone", "walk_in", "designer_visit"]
LeadStatusName = Literal["new", "measurement_requested", "measured", "designing", "design_confirmed", "contracted"]

#: The roles that receive customers themselves; anyone else hands the call on (S03).
SALES_ROLES = frozenset({"designer", "marketing", "studio_manager", "studio_assistant"})
#: Every staff role may register a call it took: S03 exists because calls reach other departments.
LEAD_CREATORS = frozenset(ROLES)
#: Who reads the customer resource register; customer data goes to roles that need it (A07).
LEAD_READERS = SALES_ROLES | {"finance", "general_manager", "hq", "tenant_admin"}
#: S03: who hands a lead waiting in a queue on to a designer of its store.
ASSIGNERS = frozenset({"marketing", "studio_manager"})



class LeadStatus(StrEnum):
    """A lead moves forward through these, in this order; a later step never moves it back."""

    NEW = "new"
    MEASUREMENT_REQUESTED = "measurement_requested"
    MEASURED = "measured"
    DESIGNING = "designing"
    DESIGN_CONFIRMED = "design_confirmed"
    #: 签约: a contract on the lead was signed (contracts' ``contract_signed``, C07).
    CONTRACTED = "contracted"


LEAD_STEPS: tuple[str, ...] = tuple(LeadStatus)


@dataclass(frozen=True)
class Reception:
    """Who received the lead and whose queue it waits in."""

    designer: str
    assigned_queue: str


def receive(roles: Iterable[str], username: str, named_designer: str | None) -> Reception:
    """S01/S03: a designer keeps the lead; other sales staff may name the designer who took it;
    a call taken by any other department goes to the store's marketing queue."""
    held = frozenset(roles)
    if "designer" in held:
        return Reception(designer=username, assigned_queue="designer")
    if not held & SALES_ROLES:
        return Reception(designer="", assigned_queue="marketing")  # rule S03
    if named_designer:
        return Reception(designer=named_designer, assigned_queue="designer")
    return Reception(designer="", assigned_queue="marketing" if "marketing" in held else "studio")


def check_may_assign(roles: Iterable[str], status: str) -> None:
    """S03: marketing or the studio manager assign a lead to a designer, until it is signed."""
    if not frozenset(roles) & ASSIGNERS:
        raise Forbidden("only marketing or the studio manager assign leads to designers", rule="S03")
    if status == LeadStatus.CONTRACTED:
        raise Conflict("a signed lead keeps its designer", rule="S03", field="status")


def advance(current: str, step: LeadStatus) -> LeadStatus:
    """The later of two lead steps, so a repeated earlier step does not rewind the lead."""
    return LeadStatus(max(current, step, key=LEAD_STEPS.index))
