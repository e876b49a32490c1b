"""Developer tool: write a service's next alembic revision by comparing its models to its migrations."""

from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command

from shared.persistence.migrations import alembic_config


def autogenerate(migrations: Path, message: str) -> None:
    """Generate a revision for the models' changes since the newest migration."""
    with tempfile.TemporaryDirectory() as tmp:
        cfg = alembic_config(migrations, f"sqlite:///{tmp}/scratch.db")
        command.upgrade(cfg, "head")
        command.revision(cfg, message=message, autogenerate=True)
