"""Alembic environment of the gateway's directory (tenants, stores, store memberships)."""

from gateway.directory import Base
from shared.persistence.migrations import run_env

run_env(Base.metadata)
