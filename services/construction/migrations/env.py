"""Alembic environment of the construction service."""

from services.construction.adapters.orm import metadata
from shared.persistence.migrations import run_env

run_env(metadata)
