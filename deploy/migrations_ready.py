"""Init-container check of a Kubernetes pod: is its database at the migrations this image carries?

``python deploy/migrations_ready.py sales`` (or ``gateway``) connects to that database the way the
process will (``RENOFLOW_*``: the app role on PostgreSQL), reads alembic's version row and exits 0
when it names exactly the heads of the image's migrations. Until then it asks again every few
seconds, and exits 1 after ``--timeout`` seconds, so Kubernetes restarts the init container with
its back-off. The migrate Job (``renoflow db provision``) is what moves the database; a pod of a new
version thereby waits for its Job instead of running new code on an old schema.

Only reads: the app role may SELECT alembic_version and nothing more on it (shared/persistence/postgres.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool


def expected_heads(migrations: Path) -> set[str]:
    """The head revisions of a migrations folder (what ``upgrade head`` leaves in the database)."""
    return set(ScriptDirectory(str(migrations)).get_heads())


def current_heads(url: str) -> set[str]:
    """The revisions recorded in the database (empty before its first migration)."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return set(MigrationContext.configure(conn).get_current_heads())
    finally:
        engine.dispose()


def migrated(database: str) -> tuple[bool, str]:
    """Whether ``database`` (a service name or ``gateway``) is at its heads, and why not."""
    # Imported here: the settings read the environment, and the service list loads every service.
    from renoflow.services import MIGRATIONS
    from shared.settings import get_settings

    if database not in MIGRATIONS:
        raise SystemExit(f"unknown database {database!r}; one of: {', '.join(sorted(MIGRATIONS))}")
    want = expected_heads(MIGRATIONS[database])
    try:
        have = current_heads(get_settings().service_database_url(database))
    except Exception as exc:  # not reachable yet, no such database or table yet: all mean "wait"
        return False, f"{type(exc).__name__}: {exc}"
    if have == want:
        return True, f"at {', '.join(sorted(have))}"
    return False, f"at {', '.join(sorted(have)) or 'no revision'}, waiting for {', '.join(sorted(want))}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", help="service name, or gateway")
    parser.add_argument("--timeout", type=float, default=300.0, help="give up after this many seconds")
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between two looks")
    args = parser.parse_args(argv)
    deadline = time.monotonic() + args.timeout
    while True:
        ready, why = migrated(args.database)
        print(f"{args.database}: {why}", file=sys.stderr if not ready else sys.stdout, flush=True)
        if ready:
            return 0
        if time.monotonic() + args.interval > deadline:
            return 1
        time.sleep(args.interval)


if __name__ == "__main__":
    raise SystemExit(main())
