"""Alembic environment of the finance service."""

from services.finance.adapters.orm import Base
from shared.migrations import run_env

run_env(Base.metadata)
