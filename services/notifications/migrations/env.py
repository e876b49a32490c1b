"""Alembic environment of the notifications service."""

from services.notifications.adapters.orm import metadata
from shared.persistence.migrations import run_env

run_env(metadata)
