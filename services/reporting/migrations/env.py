"""Alembic environment of the reporting service."""

from services.reporting.adapters.orm import metadata
from shared.persistence.migrations import run_env

run_env(metadata)
