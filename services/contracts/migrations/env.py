"""Alembic environment of the contracts service."""

from services.contracts.adapters.orm import metadata
from shared.persistence.migrations import run_env

run_env(metadata)
