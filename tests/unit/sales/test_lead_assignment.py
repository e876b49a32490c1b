"""S03: leads waiting in the marketing queue are handed to a designer by marketing or the studio manager."""

from __future__ import annotations

import pytest

from services.sales.domain.leads import check_may_assign
from shared.errors import Conflict, Forbidden


@pytest.mark.parametrize("role", ["marketing", "studio_manager"])
def test_S03_marketing_and_studio_manager_assign(role: str) -> None:
    check_may_assign({role}, "new")


@pytest.mark.parametrize("role", ["designer", "finance", "qc", "hq"])
def test_S03_other_roles_may_not_assign(role: str) -> None:
    with pytest.raises(Forbidden) as refused:
        check_may_assign({role}, "new")
    assert refused.value.rule == "S03"


def test_S03_a_signed_lead_keeps_its_designer() -> None:
    with pytest.raises(Conflict):
        check_may_assign({"marketing"}, "contracted")
