"""Alembic environment of the contracts service."""

from services.contracts.adapters.orm import Base
from shared.migrations import run_env

run_env(Base.metadata)
