"""Alembic environment of the aftercare service."""

from services.aftercare.adapters.orm import metadata
from shared.persistence.migrations import run_env

run_env(metadata)
