"""Issue 6 item 8 through the public token endpoint, in both modes (api.md "Hardening").

The users are made for this test, so no other test's user (or cached token) is ever locked.
"""

from __future__ import annotations

import uuid

import httpx

from renoflow.identity.users import UserStore
from tests.platforms import Live

WRONG = {"error": "invalid_grant", "error_description": "Invalid user credentials"}


def login(live: Live, username: str, password: str) -> httpx.Response:
    return httpx.post(f"{live.base_url}/realms/renoflow/protocol/openid-connect/token", data={
        "grant_type": "password", "client_id": "renoflow-web", "username": username, "password": password})


def test_H6_ten_wrong_passwords_lock_the_user_and_the_right_one_is_refused_alike(live: Live) -> None:
    assert live.settings is not None
    # The users the platform's identity provider reads, in the same database file.
    users = UserStore(f"sqlite:///{(live.settings.data_dir / 'identity.db').resolve()}", scrypt_n=2**10)
    target, bystander = f"lockout-{uuid.uuid4().hex[:8]}", f"bystander-{uuid.uuid4().hex[:8]}"
    for name in (target, bystander):
        users.add_user(name, f"{name}-password", organization="demo", roles=["designer"], stores=["A"])
    users.dispose()

    assert login(live, target, f"{target}-password").status_code == 200
    for attempt in range(10):
        res = login(live, target, f"guess-{attempt}")
        assert (res.status_code, res.json()) == (401, WRONG)
    locked = login(live, target, f"{target}-password")
    assert (locked.status_code, locked.json()) == (401, WRONG)
    assert login(live, bystander, f"{bystander}-password").status_code == 200
