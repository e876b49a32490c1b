"""Brute-force protection of the password grant, computed as Keycloak's realm setting does it.

api.md: after 10 consecutive wrong passwords a user is locked for at least 60 s, and the right
password is refused while locked with the same answer as a wrong one. The state lives in the
provider's database (``identity.db``), so every process serving the same users sees one lock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from renoflow.identity.users import LoginFailureRow
from shared.settings import Settings


@dataclass(frozen=True)
class BruteForcePolicy:
    """Keycloak's ``failureFactor``, ``waitIncrementSeconds``, ``maxFailureWaitSeconds``, ``maxDeltaTimeSeconds``."""

    failure_factor: int = 10
    wait_increment_seconds: int = 60
    max_failure_wait_seconds: int = 900
    max_delta_time_seconds: int = 43200

    @classmethod
    def from_settings(cls, settings: Settings) -> BruteForcePolicy:
        """The policy of the ``RENOFLOW_BRUTE_FORCE_*`` settings."""
        return cls(failure_factor=settings.brute_force_failure_factor,
                   wait_increment_seconds=settings.brute_force_wait_increment_seconds,
                   max_failure_wait_seconds=settings.brute_force_max_failure_wait_seconds,
                   max_delta_time_seconds=settings.brute_force_max_delta_time_seconds)

    def wait_seconds(self, failures: int) -> int:
        """How long ``failures`` consecutive failures lock a user (Keycloak's ``MULTIPLE`` strategy)."""
        return min(self.max_failure_wait_seconds, self.wait_increment_seconds * (failures // self.failure_factor))


class LoginFailures:
    """The lock state of every user, kept next to the users themselves."""

    def __init__(self, engine: Engine, policy: BruteForcePolicy,
                 clock: Callable[[], float] = time.time) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.policy = policy
        self.clock = clock

    def admit(self, user_id: str, password_matches: bool) -> bool:
        """Record one password check of ``user_id``; True when the login may go ahead.

        While locked, nothing is admitted and nothing is counted (Keycloak does not count the
        failures of a temporarily disabled user either); a success ends the run of failures.
        """
        now = self.clock()
        # One write transaction (BEGIN IMMEDIATE on SQLite, a row lock elsewhere), so failures
        # arriving at once in several processes are all counted.
        with self._sessions.begin() as session:
            row = session.get(LoginFailureRow, user_id, with_for_update=True)
            if row is not None and row.locked_until > now:
                return False
            if password_matches:
                if row is not None:
                    session.delete(row)
                return True
            if row is None:
                row = LoginFailureRow(user_id=user_id, num_failures=0, last_failure=now, locked_until=0.0)
                session.add(row)
            elif now - row.last_failure > self.policy.max_delta_time_seconds:
                row.num_failures = 0
            row.num_failures += 1
            row.last_failure = now
            wait = self.policy.wait_seconds(row.num_failures)
            if wait > 0:
                row.locked_until = now + wait
            return False
