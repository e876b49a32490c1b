"""The nameko class driven in-process: contract_signed in, the project out (K01, K07)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from services.construction.service import ConstructionService
from shared.errors import Conflict
from shared.identity.context import CallContext
from shared.messaging.inprocess import InProcessServices
from tests.inprocess import hosted

from . import paperwork
from .conftest import contract_signed, staff


@pytest.fixture
def services(tmp_path: Path) -> Iterator[InProcessServices]:
    with hosted(ConstructionService, tmp_path) as services:
        yield services


def test_K01_K07_contract_signed_through_the_service_opens_the_project(services: InProcessServices) -> None:
    event = contract_signed("c-9")
    services.publish("contracts", "contract_signed", event)
    services.publish("contracts", "contract_signed", event)  # redelivery changes nothing (P03)
    designer = CallContext(principal=staff("designer"))
    page = services.call("construction", "list_projects", designer, contract_id="c-9")
    assert len(page["items"]) == 1 and page["items"][0]["status"] == "awaiting_handover"
    project_id = page["items"][0]["id"]
    project = services.call("construction", "get_project", designer, project_id=project_id)
    assert len(project["documents"]) == 13 and len(project["steps"]) == 11

    foreman = CallContext(principal=staff("foreman"))
    with pytest.raises(Conflict) as err:
        services.call("construction", "start_step", foreman, project_id=project_id, step="windows")
    assert err.value.rule == "K06"
    for type_id in paperwork.BEFORE_WORK:  # the form PDFs go to the service's own document store
        signed = services.call("construction", "sign_form", CallContext(principal=staff(paperwork.filer(type_id))),
                               project_id=project_id, **paperwork.body(type_id))
        assert signed["version"] == 1 and len(signed["sha256"]) == 64
    with pytest.raises(Conflict) as err:
        services.call("construction", "start_step", foreman, project_id=project_id, step="painting")
    assert err.value.rule == "K07"
    started = services.call("construction", "start_step", foreman, project_id=project_id, step="windows",
                            percent=40)
    assert (started["status"], started["percent"]) == ("in_progress", 40)
    done = services.call("construction", "complete_step", foreman, project_id=project_id, step="windows")
    assert done["status"] == "completed"
