"""Alembic environment of the sales service."""

from services.sales.adapters.orm import metadata
from shared.persistence.migrations import run_env

run_env(metadata)
