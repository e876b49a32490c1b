"""Contracts adapters: SQLAlchemy tables and repositories."""
