"""Aftercare adapters: SQLAlchemy tables and repositories."""
