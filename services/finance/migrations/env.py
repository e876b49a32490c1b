"""Alembic environment of the finance service."""

from services.finance.adapters.orm import metadata
from shared.persistence.migrations import run_env

run_env(metadata)
