"""The embedded platform, served by uvicorn on a free local port, and a client per demo user."""

from __future__ import annotations

import base64
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn

from renoflow.demo import seed_demo_data
from renoflow.embedded import EmbeddedPlatform, build_platform
from shared.settings import Settings

SIGNATURE = {"name": "王芳", "role": "customer", "image": "data:image/png;base64,iVBORw0KGgo="}
ATTACHMENTS = ("contract_notes", "agreed_terms", "customer_supplied_materials", "company_supplied_materials",
               "drawings", "customer_notice", "customer_service_form")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Live:
    """A running embedded platform and the means to act as its users."""

    def __init__(self, platform: EmbeddedPlatform, base_url: str) -> None:
        self.platform = platform
        self.base_url = base_url
        self._tokens: dict[str, str] = {}

    def token(self, username: str, password: str = "demo") -> str:
        if username not in self._tokens:
            res = httpx.post(f"{self.base_url}/realms/renoflow/protocol/openid-connect/token", data={
                "grant_type": "password", "client_id": "renoflow-web", "username": username, "password": password})
            assert res.status_code == 200, res.text
            self._tokens[username] = res.json()["access_token"]
        return self._tokens[username]

    def as_user(self, username: str) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=30,
                            headers={"Authorization": f"Bearer {self.token(username)}"})


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    port = free_port()
    settings = Settings(data_dir=tmp_path_factory.mktemp("var"), port=port, environment="test")
    platform = build_platform(settings)
    seed_demo_data(platform)
    server = uvicorn.Server(uvicorn.Config(platform.app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the embedded platform did not start"
        time.sleep(0.05)
    yield Live(platform, f"http://127.0.0.1:{port}")
    server.should_exit = True
    thread.join(timeout=10)
    platform.close()


class Journey:
    """Steps of the sales-to-contract journey through the public API, as the right roles."""

    def __init__(self, live: Live, store: str = "A", designer: str = "designer-a") -> None:
        self.live = live
        self.store = store
        self.designer = live.as_user(designer)

    def lead(self, **overrides: Any) -> dict[str, Any]:
        body = {"customer_name": "王芳", "phone": "13800001111", "address": "朝阳区望京街 8 号 3-1201",
                "store": self.store, "source": "web", "channel": "residential_community",
                "consultation_channel": "walk_in", **overrides}
        res = self.designer.post("/api/v1/leads", json=body)
        assert res.status_code == 201, res.text
        return res.json()

    def document(self, kind: str = "contract_attachment") -> dict[str, Any]:
        res = self.designer.post("/api/v1/documents", data={"kind": kind},
                                 files={"file": ("附件.pdf", b"%PDF-1.4 attachment", "application/pdf")})
        assert res.status_code == 201, res.text
        return res.json()

    def draft_contract(self, attach: tuple[str, ...] = ATTACHMENTS) -> dict[str, Any]:
        lead = self.lead()
        quote = self.designer.post("/api/v1/quotes", json={"lead_id": lead["id"], "items": [
            {"catalogue_code": "PAINT-01", "quantity": "120"}, {"catalogue_code": "TILE-01", "quantity": "40"}]})
        assert quote.status_code == 201, quote.text
        issued = self.designer.post(f"/api/v1/quotes/{quote.json()['id']}/issue")
        assert issued.status_code == 200, issued.text
        contract = self.designer.post("/api/v1/contracts", json={
            "lead_id": lead["id"], "quote_id": quote.json()["id"], "market_party": False})
        assert contract.status_code == 201, contract.text
        doc = self.document()
        for kind in attach:
            res = self.designer.post(f"/api/v1/contracts/{contract.json()['id']}/attachments",
                                     json={"kind": kind, "document_id": doc["id"]})
            assert res.status_code == 201, res.text
        return contract.json()

    def sign(self, contract_id: str, **overrides: Any) -> httpx.Response:
        body = {"customer_signature": SIGNATURE, "cost_notice_acknowledged": True, **overrides}
        return self.designer.post(f"/api/v1/contracts/{contract_id}/sign", json=body)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()
